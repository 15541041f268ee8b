-- Issue 12, approvals: a workspace may require approval of posts by Editors. A post waiting for it is IN_REVIEW (its
-- wanted time kept, no queued job). Review decisions and remarks are PostComment rows, kept with the post.
ALTER TYPE "PostStatus" ADD VALUE 'IN_REVIEW';
CREATE TYPE "ReviewState" AS ENUM ('CHANGES_REQUESTED', 'APPROVED');
CREATE TYPE "PostCommentKind" AS ENUM ('COMMENT', 'SUBMITTED', 'APPROVED', 'CHANGES_REQUESTED');

ALTER TABLE "Workspace" ADD COLUMN "approvalsRequired" BOOLEAN NOT NULL DEFAULT false;

ALTER TABLE "Post" ADD COLUMN "createdByUserId" TEXT;
ALTER TABLE "Post" ADD COLUMN "reviewState" "ReviewState";
ALTER TABLE "Post" ADD CONSTRAINT "Post_createdByUserId_fkey" FOREIGN KEY ("createdByUserId") REFERENCES "User"("id")
  ON DELETE SET NULL ON UPDATE CASCADE;

CREATE TABLE "PostComment" (
    "id" TEXT NOT NULL,
    "workspaceId" TEXT NOT NULL,
    "postId" TEXT NOT NULL,
    "authorUserId" TEXT,
    "kind" "PostCommentKind" NOT NULL DEFAULT 'COMMENT',
    "body" TEXT NOT NULL DEFAULT '',
    "createdAt" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    CONSTRAINT "PostComment_pkey" PRIMARY KEY ("id")
);
CREATE INDEX "PostComment_postId_createdAt_idx" ON "PostComment"("postId", "createdAt");
ALTER TABLE "PostComment" ADD CONSTRAINT "PostComment_workspaceId_fkey" FOREIGN KEY ("workspaceId")
  REFERENCES "Workspace"("id") ON DELETE CASCADE ON UPDATE CASCADE;
ALTER TABLE "PostComment" ADD CONSTRAINT "PostComment_postId_fkey" FOREIGN KEY ("postId")
  REFERENCES "Post"("id") ON DELETE CASCADE ON UPDATE CASCADE;
ALTER TABLE "PostComment" ADD CONSTRAINT "PostComment_authorUserId_fkey" FOREIGN KEY ("authorUserId")
  REFERENCES "User"("id") ON DELETE SET NULL ON UPDATE CASCADE;
