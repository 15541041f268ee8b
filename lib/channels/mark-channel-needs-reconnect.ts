import type { Db } from "@/lib/db/prisma";
import type { Sql } from "@/lib/db/sql";
import { notifyChannelNeedsReconnect } from "@/lib/notifications/notify-channel-needs-reconnect";

/**
 * Puts a channel in "needs reconnect" with a human `reason` (the network's words, e.g. "the session was
 * revoked") and the time: scheduling to it is then refused (422) and its due posts fail without a request until
 * the person reconnects (new credentials, markChannelConnected). Pass `db` (Prisma) or `sql` (bare pg).
 * Returns false when the channel does not exist (or is deleted). For adapters' connect and refresh code.
 * needsReconnectAt keeps the time of the first refusal until the person reconnects (a repeat only updates the
 * reason), and that transition is reported once (notifyChannelNeedsReconnect: the bell, mail, the failure webhook;
 * only with `db`, after the change is written).
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
      `UPDATE "Channel" SET "needsReconnectReason" = $2, "needsReconnectAt" = COALESCE("needsReconnectAt", $3),
         "updatedAt" = $3
       WHERE id = $1 AND "deletedAt" IS NULL`,
      [channelId, text, now],
    );
    return (rowCount ?? 0) > 0;
  }
  if (!db) throw new Error("markChannelNeedsReconnect needs db or sql");
  // Two compare-and-set updates: the first refusal sets the time; a repeat (no longer null) only the reason.
  const first = await db.channel.updateMany({
    where: { id: channelId, deletedAt: null, needsReconnectAt: null },
    data: { needsReconnectReason: text, needsReconnectAt: now },
  });
  const count =
    first.count > 0
      ? first.count
      : (
          await db.channel.updateMany({
            where: { id: channelId, deletedAt: null },
            data: { needsReconnectReason: text },
          })
        ).count;
  if (count === 0) return false;
  const channel = await db.channel.findUnique({ where: { id: channelId }, select: { workspaceId: true } });
  if (channel) await notifyChannelNeedsReconnect({ db, workspaceId: channel.workspaceId, channelId, now });
  return true;
}
