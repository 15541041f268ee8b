import type { Db } from "@/lib/db/prisma";
import type { Sql } from "@/lib/db/sql";

/**
 * Puts a channel in "needs reconnect" with a human `reason` (the network's words, e.g. "the session was
 * revoked") and the time: scheduling to it is then refused (422) and its due posts fail without a request until
 * the person reconnects (new credentials, markChannelConnected). Pass `db` (Prisma) or `sql` (bare pg).
 * Returns false when the channel does not exist (or is deleted). For adapters' connect and refresh code.
 */
export async function markChannelNeedsReconnect({
  db,
  sql,
  channelId,
  reason,
  now = new Date(),
}: {
  db?: Db;
  sql?: Sql;
  channelId: string;
  reason: string;
  now?: Date;
}): Promise<boolean> {
  const text = reason.trim() || "the network refused the channel's credentials";
  if (sql) {
    const { rowCount } = await sql.query(
      `UPDATE "Channel" SET "needsReconnectReason" = $2, "needsReconnectAt" = $3, "updatedAt" = $3
       WHERE id = $1 AND "deletedAt" IS NULL`,
      [channelId, text, now],
    );
    return (rowCount ?? 0) > 0;
  }
  if (!db) throw new Error("markChannelNeedsReconnect needs db or sql");
  const { count } = await db.channel.updateMany({
    where: { id: channelId, deletedAt: null },
    data: { needsReconnectReason: text, needsReconnectAt: now },
  });
  return count > 0;
}
