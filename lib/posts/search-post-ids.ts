import type { Db } from "@/lib/db/prisma";
import { searchPostIdsSql } from "@/lib/posts/search-post-ids-sql";
import type { ListPostsQuery } from "@/lib/schemas/posts";

/** Runs searchPostIdsSql: the matching post ids, in order. */
export async function searchPostIds({
  db,
  workspaceId,
  query,
}: {
  db: Db;
  workspaceId: string;
  query: ListPostsQuery;
}): Promise<string[]> {
  const rows = await db.$queryRaw<{ id: string }[]>(searchPostIdsSql({ workspaceId, query }));
  return rows.map((r) => r.id);
}
