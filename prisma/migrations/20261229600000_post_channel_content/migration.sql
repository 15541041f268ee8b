-- A post's own text for one channel ("customise for each network"); NULL = the post's content.
ALTER TABLE "PostChannel" ADD COLUMN "content" TEXT;
