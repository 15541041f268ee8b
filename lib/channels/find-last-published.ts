import type { Db } from "@/lib/db/prisma";

/**
 * When each of these channels last published: the latest `publishedAt` of its SUCCEEDED publication results, in
 * one grouped query for the whole list (no query per channel). Channels that never published are absent.
 */
export async function findLastPublished({
  db,
  channelIds,
}: {
  db: Db;
  channelIds: readonly string[];
}): Promise<Map<string, Date>> {
  if (channelIds.length === 0) return new Map();
  const rows = await db.publicationResult.groupBy({
    by: ["channelId"],
    where: { channelId: { in: [...channelIds] }, status: "SUCCEEDED", publishedAt: { not: null } },
    _max: { publishedAt: true },
  });
  return new Map(rows.flatMap((r) => (r._max.publishedAt ? [[r.channelId, r._max.publishedAt] as const] : [])));
}
