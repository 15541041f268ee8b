import type { Db } from "@/lib/db/prisma";
import type { Prisma } from "@/lib/generated/prisma/client";
import { searchPostIds } from "@/lib/posts/search-post-ids";
import { type ListPostsQuery, type PostResponse, postInclude, toPostResponse } from "@/lib/schemas/posts";

/**
 * The workspace's posts for the calendar: scheduledAt in [from, to) when a range is given (unscheduled posts
 * then drop out), filtered by status (any of), tag and channel. Soonest first, unscheduled last.
 */
export async function listPosts({
  db,
  workspaceId,
  query,
}: {
  db: Db;
  workspaceId: string;
  query: ListPostsQuery;
}): Promise<{ posts: PostResponse[] }> {
  if (query.q !== undefined || query.author !== undefined || query.outcome !== undefined) {
    const ids = await searchPostIds({ db, workspaceId, query });
    const found = await db.post.findMany({ where: { id: { in: ids }, workspaceId }, include: postInclude });
    const byId = new Map(found.map((p) => [p.id, p]));
    return { posts: ids.flatMap((id) => byId.get(id) ?? []).map(toPostResponse) };
  }
  const where: Prisma.PostWhereInput = { workspaceId, deletedAt: query.deleted ? { not: null } : null };
  if (query.from || query.to) {
    where.scheduledAt = {
      ...(query.from ? { gte: new Date(query.from) } : {}),
      ...(query.to ? { lt: new Date(query.to) } : {}),
    };
  }
  if (query.status) where.status = { in: query.status };
  if (query.tag) where.tags = { has: query.tag };
  if (query.channel) where.channels = { some: { channelId: query.channel } };
  const posts = await db.post.findMany({
    where,
    include: postInclude,
    orderBy: [{ scheduledAt: { sort: "asc", nulls: "last" } }, { createdAt: "desc" }, { id: "asc" }],
    take: query.limit,
  });
  return { posts: posts.map(toPostResponse) };
}
