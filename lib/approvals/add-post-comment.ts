import { ApiError } from "@/lib/api/errors";
import { commentSelect, toCommentView } from "@/lib/approvals/to-comment-view";
import type { Db } from "@/lib/db/prisma";
import type { PostCommentView } from "@/lib/schemas/approvals";

/**
 * Adds a remark (kind COMMENT) to a post's thread by `authorUserId` (null for an API token). `body` is already
 * trimmed and 1..2000 characters (createCommentBody). A post of another workspace, or a deleted one, is 404.
 */
export async function addPostComment({
  db,
  workspaceId,
  postId,
  authorUserId,
  body,
}: {
  db: Db;
  workspaceId: string;
  postId: string;
  authorUserId: string | null;
  body: string;
}): Promise<PostCommentView> {
  const post = await db.post.findFirst({ where: { id: postId, workspaceId, deletedAt: null }, select: { id: true } });
  if (!post) throw new ApiError("not_found", `Post ${postId} not found`);
  const row = await db.postComment.create({
    data: { workspaceId, postId, authorUserId, kind: "COMMENT", body },
    select: commentSelect,
  });
  return toCommentView(row);
}
