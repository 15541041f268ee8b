import { ApiError } from "@/lib/api/errors";
import type { Db } from "@/lib/db/prisma";
import { type PostResponse, postInclude, toPostResponse } from "@/lib/schemas/posts";

/**
 * The post as the API shows it; 404 when it is not in this workspace (whether or not it exists elsewhere) or was
 * deleted (its message then points to the post's publications, which stay readable).
 */
export async function getPostOrThrow({
  db,
  workspaceId,
  postId,
}: {
  db: Db;
  workspaceId: string;
  postId: string;
}): Promise<PostResponse> {
  const post = await db.post.findFirst({ where: { id: postId, workspaceId }, include: postInclude });
  if (!post) throw new ApiError("not_found", `Post ${postId} not found`);
  if (post.deletedAt) {
    throw new ApiError(
      "not_found",
      `Post ${postId} was deleted at ${post.deletedAt.toISOString()}; its publications: GET /api/posts/${postId}/publications`,
      { deletedAt: post.deletedAt.toISOString() },
    );
  }
  return toPostResponse(post);
}
