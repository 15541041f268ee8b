-- The calendar month query (lib/posts/list-calendar-posts.ts) at agency volume (bench/calendar.ts).
-- A workspace's live posts by time: the range scan reads only the posts it returns (deleted ones are not in it).
-- Partial, so declared here only: the Prisma schema cannot express it (see the comment on model Post).
CREATE INDEX "Post_calendar_idx" ON "Post"("workspaceId", "scheduledAt") WHERE "deletedAt" IS NULL;

-- The latest publication of a post (ORDER BY "startedAt" DESC LIMIT 1) without sorting all runs of an evergreen post.
CREATE INDEX "Publication_postId_startedAt_idx" ON "Publication"("postId", "startedAt" DESC);
