import { ApiError } from "@/lib/api/errors";
import type { Db } from "@/lib/db/prisma";
import { type PostHistoryResponse, postHistoryResponseSchema } from "@/lib/schemas/posts";

const isoOrNull = (d: Date | null) => (d ? d.toISOString() : null);

/**
 * A post's publication history: every publication (newest first) with each channel's result — what went out,
 * where (channel name, even for a deleted channel), when, its link. Also for a deleted post: deleting keeps this.
 * 404 when the post is not in this workspace.
 */
export async function listPostPublications({
  db,
  workspaceId,
  postId,
}: {
  db: Db;
  workspaceId: string;
  postId: string;
}): Promise<PostHistoryResponse> {
  const post = await db.post.findFirst({
    where: { id: postId, workspaceId },
    include: {
      publications: {
        orderBy: [{ startedAt: "desc" }, { id: "asc" }],
        include: {
          results: {
            orderBy: { channelId: "asc" },
            include: { channel: { select: { displayName: true, deletedAt: true } } },
          },
        },
      },
    },
  });
  if (!post) throw new ApiError("not_found", `Post ${postId} not found`);
  return postHistoryResponseSchema.parse({
    post: {
      ...post,
      lastPublishedAt: isoOrNull(post.lastPublishedAt),
      deletedAt: isoOrNull(post.deletedAt),
    },
    publications: post.publications.map((p) => ({
      ...p,
      scheduledAt: p.scheduledAt.toISOString(),
      startedAt: p.startedAt.toISOString(),
      finishedAt: isoOrNull(p.finishedAt),
      results: p.results.map(({ channel, ...r }) => ({
        ...r,
        publishedAt: isoOrNull(r.publishedAt),
        channelName: channel.displayName,
        channelDeleted: channel.deletedAt !== null,
      })),
    })),
  });
}
