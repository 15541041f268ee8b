import type { Db } from "@/lib/db/prisma";
import type { Sql } from "@/lib/db/sql";

/**
 * Clears "needs reconnect" (markChannelNeedsReconnect) once the person reconnected or a refresh worked again: the
 * channel can be scheduled to and published on again. Pass `db` (Prisma) or `sql` (bare pg). Returns false when
 * the channel does not exist (or is deleted). For adapters' connect flows.
 */
export async function markChannelConnected({
  db,
  sql,
  channelId,
}: {
  db?: Db;
  sql?: Sql;
  channelId: string;
}): Promise<boolean> {
  if (sql) {
    const { rowCount } = await sql.query(
      `UPDATE "Channel" SET "needsReconnectReason" = NULL, "needsReconnectAt" = NULL, "updatedAt" = now()
       WHERE id = $1 AND "deletedAt" IS NULL`,
      [channelId],
    );
    return (rowCount ?? 0) > 0;
  }
  if (!db) throw new Error("markChannelConnected needs db or sql");
  const { count } = await db.channel.updateMany({
    where: { id: channelId, deletedAt: null },
    data: { needsReconnectReason: null, needsReconnectAt: null },
  });
  return count > 0;
}
