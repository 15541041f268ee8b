-- Issue 12, Settings → Workspace: the calendar's week start and the composer's preselected channels.
CREATE TYPE "WeekStart" AS ENUM ('MONDAY', 'SUNDAY');
ALTER TABLE "Workspace" ADD COLUMN "weekStart" "WeekStart" NOT NULL DEFAULT 'MONDAY';
ALTER TABLE "Workspace" ADD COLUMN "defaultChannelIds" TEXT[] NOT NULL DEFAULT ARRAY[]::TEXT[];

-- API token scopes (read, or read and write). Tokens made before scopes keep full access (the CLI's scripts).
-- The `roles` branch owns this column too: the lead keeps one of the two at merge.
CREATE TYPE "ApiTokenScope" AS ENUM ('READ', 'WRITE');
ALTER TABLE "ApiToken" ADD COLUMN "scope" "ApiTokenScope" NOT NULL DEFAULT 'WRITE';

-- The audit log (the `roles` branch owns it, here only so settings changes can be recorded on this branch).
CREATE TABLE "AuditEvent" (
    "id" TEXT NOT NULL,
    "workspaceId" TEXT NOT NULL,
    "actorUserId" TEXT,
    "action" TEXT NOT NULL,
    "target" TEXT NOT NULL,
    "details" JSONB NOT NULL DEFAULT '{}',
    "createdAt" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    CONSTRAINT "AuditEvent_pkey" PRIMARY KEY ("id")
);
CREATE INDEX "AuditEvent_workspaceId_createdAt_idx" ON "AuditEvent"("workspaceId", "createdAt");
ALTER TABLE "AuditEvent" ADD CONSTRAINT "AuditEvent_workspaceId_fkey" FOREIGN KEY ("workspaceId") REFERENCES "Workspace"("id") ON DELETE CASCADE ON UPDATE CASCADE;
