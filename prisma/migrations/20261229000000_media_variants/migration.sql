-- Issue 9, media rules: re-encoded copies of library items that fit a platform's cap, what library media went out,
-- and one item per imported URL per workspace.

-- A re-encoded copy of a library item made for one purpose (e.g. "bluesky-image": JPEG ≤ 1,000,000 bytes), made
-- once and kept, deleted with its item (its stored object by lib/media/delete-media.ts and delete-orphan-media.ts).
CREATE TABLE "MediaVariant" (
    "id" TEXT NOT NULL,
    "mediaId" TEXT NOT NULL,
    "purpose" TEXT NOT NULL,
    "storageKey" TEXT NOT NULL,
    "mimeType" TEXT NOT NULL,
    "bytes" BIGINT NOT NULL,
    "width" INTEGER NOT NULL,
    "height" INTEGER NOT NULL,
    "createdAt" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    CONSTRAINT "MediaVariant_pkey" PRIMARY KEY ("id")
);

CREATE UNIQUE INDEX "MediaVariant_mediaId_purpose_key" ON "MediaVariant"("mediaId", "purpose");

ALTER TABLE "MediaVariant" ADD CONSTRAINT "MediaVariant_mediaId_fkey" FOREIGN KEY ("mediaId") REFERENCES "MediaItem"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- The library items a request carried, in order, as they were then: [{id, name, mimeType, bytes, width, height,
-- sha256, altText}]. Kept when the post is edited or the items are deleted later.
ALTER TABLE "PublicationResult" ADD COLUMN "sentMedia" JSONB NOT NULL DEFAULT '[]';

-- One library item per imported URL per workspace, so two saves importing the same URL at once cannot make two
-- (lib/media/import-media-urls.ts re-reads the winner). Partial: uploads have no sourceUrl. Prisma's schema cannot
-- express a partial index, so it lives here only (see the comment on MediaItem in schema.prisma).
-- Items that a race already duplicated keep their files and posts, all but the oldest lose their sourceUrl.
UPDATE "MediaItem" m SET "sourceUrl" = NULL
FROM (
  SELECT id, row_number() OVER (PARTITION BY "workspaceId", "sourceUrl" ORDER BY "createdAt", id) AS n
  FROM "MediaItem" WHERE "sourceUrl" IS NOT NULL
) d
WHERE m.id = d.id AND d.n > 1;

CREATE UNIQUE INDEX "MediaItem_workspaceId_sourceUrl_key" ON "MediaItem"("workspaceId", "sourceUrl")
  WHERE "sourceUrl" IS NOT NULL;
