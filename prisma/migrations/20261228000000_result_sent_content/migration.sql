-- What a channel request carried, written when the request leaves: the history shows what went out even after
-- the post is edited or deleted later.
ALTER TABLE "PublicationResult" ADD COLUMN "sentContent" TEXT, ADD COLUMN "sentMediaUrls" TEXT[] DEFAULT ARRAY[]::TEXT[];
