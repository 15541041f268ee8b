import { ApiError } from "@/lib/api/errors";
import { commentSelect, toCommentView } from "@/lib/approvals/to-comment-view";
import type { Db } from "@/lib/db/prisma";
import type { PostCommentView } from "@/lib/schemas/approvals";

/**
 * A post's comment thread, oldest first: remarks and review steps with their authors. A post of another workspace
 * (or none) is 404. Deleted posts kept for their publications still show their thread.
 */
export async function listPostComments({
  db,
  workspaceId,
  postId,
}: {
  db: Db;
  workspaceId: string;
  postId: string;
}): Promise<{ comments: PostCommentView[] }> {
  const post = await db.post.findFirst({ where: { id: postId, workspaceId }, select: { id: true } });
  if (!post) throw new ApiError("not_found", `Post ${postId} not found`);
  const rows = await db.postComment.findMany({
    where: { workspaceId, postId },
    orderBy: [{ createdAt: "asc" }, { id: "asc" }],
    select: commentSelect,
  });
  return { comments: rows.map(toCommentView) };
}
