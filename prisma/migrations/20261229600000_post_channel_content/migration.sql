-- A text of the post for one channel only ("customise for each network"). Null: the channel gets Post.content.
ALTER TABLE "PostChannel" ADD COLUMN "content" TEXT;
