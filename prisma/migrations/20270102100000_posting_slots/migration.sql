-- Issue 13, the queue: each channel's weekly posting slots (wall clock in the workspace's zone).
CREATE TABLE "PostingSlot" (
    "id" TEXT NOT NULL,
    "workspaceId" TEXT NOT NULL,
    "channelId" TEXT NOT NULL,
    "dayOfWeek" INTEGER NOT NULL,
    "minuteOfDay" INTEGER NOT NULL,
    "createdAt" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    CONSTRAINT "PostingSlot_pkey" PRIMARY KEY ("id"),
    CONSTRAINT "PostingSlot_dayOfWeek_check" CHECK ("dayOfWeek" BETWEEN 0 AND 6),
    CONSTRAINT "PostingSlot_minuteOfDay_check" CHECK ("minuteOfDay" BETWEEN 0 AND 1439)
);
CREATE UNIQUE INDEX "PostingSlot_channelId_dayOfWeek_minuteOfDay_key" ON "PostingSlot"("channelId", "dayOfWeek", "minuteOfDay");
CREATE INDEX "PostingSlot_workspaceId_idx" ON "PostingSlot"("workspaceId");
ALTER TABLE "PostingSlot" ADD CONSTRAINT "PostingSlot_channelId_fkey" FOREIGN KEY ("channelId") REFERENCES "Channel"("id") ON DELETE CASCADE ON UPDATE CASCADE;
