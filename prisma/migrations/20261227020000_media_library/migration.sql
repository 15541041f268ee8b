-- Media library, issue 9. MediaItem is one uploaded file, PostMedia orders a post's media with alt text.
CREATE TYPE "MediaKind" AS ENUM ('IMAGE', 'GIF', 'VIDEO');

CREATE TABLE "MediaItem" (
    "id" TEXT NOT NULL,
    "workspaceId" TEXT NOT NULL,
    "kind" "MediaKind" NOT NULL,
    "name" TEXT NOT NULL,
    "mimeType" TEXT NOT NULL,
    "bytes" BIGINT NOT NULL,
    "width" INTEGER NOT NULL,
    "height" INTEGER NOT NULL,
    "durationMs" INTEGER,
    "videoCodec" TEXT,
    "storageKey" TEXT NOT NULL,
    "thumbnailKey" TEXT,
    "sha256" TEXT NOT NULL,
    "sourceUrl" TEXT,
    "createdAt" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" TIMESTAMPTZ(3) NOT NULL,
    CONSTRAINT "MediaItem_pkey" PRIMARY KEY ("id")
);

CREATE INDEX "MediaItem_workspaceId_createdAt_id_idx" ON "MediaItem"("workspaceId", "createdAt" DESC, "id" DESC);

ALTER TABLE "MediaItem" ADD CONSTRAINT "MediaItem_workspaceId_fkey" FOREIGN KEY ("workspaceId") REFERENCES "Workspace"("id") ON DELETE CASCADE ON UPDATE CASCADE;

CREATE TABLE "PostMedia" (
    "postId" TEXT NOT NULL,
    "mediaId" TEXT NOT NULL,
    "position" INTEGER NOT NULL,
    "altText" TEXT,
    CONSTRAINT "PostMedia_pkey" PRIMARY KEY ("postId","mediaId"),
    CONSTRAINT "PostMedia_position_check" CHECK ("position" >= 0)
);

CREATE UNIQUE INDEX "PostMedia_postId_position_key" ON "PostMedia"("postId", "position");
CREATE INDEX "PostMedia_mediaId_idx" ON "PostMedia"("mediaId");

ALTER TABLE "PostMedia" ADD CONSTRAINT "PostMedia_postId_fkey" FOREIGN KEY ("postId") REFERENCES "Post"("id") ON DELETE CASCADE ON UPDATE CASCADE;
ALTER TABLE "PostMedia" ADD CONSTRAINT "PostMedia_mediaId_fkey" FOREIGN KEY ("mediaId") REFERENCES "MediaItem"("id") ON DELETE CASCADE ON UPDATE CASCADE;
