import type { Db } from "@/lib/db/prisma";
import type { Platform } from "@/lib/generated/prisma/enums";

/** A channel that cannot publish until a person reconnects it. */
export type ChannelNeedingReconnect = {
  id: string;
  displayName: string;
  platform: Platform;
  /** Why, as the network said it (a refused token refresh, a revoked app). */
  reason: string;
  /** When it was found (ISO instant). */
  since: string;
};

/**
 * The workspace's channels that need reconnecting, newest first, for the "Needs attention" list (GET
 * /api/attention) and for refusing retries on them (lib/publishing/retry-publication.ts).
 *
 */
export async function listChannelsNeedingReconnect({
  db,
  workspaceId,
}: {
  db: Db;
  workspaceId: string;
}): Promise<ChannelNeedingReconnect[]> {
  const rows = await db.channel.findMany({
    where: { workspaceId, deletedAt: null, needsReconnectAt: { not: null } },
    orderBy: [{ needsReconnectAt: "desc" }, { id: "asc" }],
    select: { id: true, displayName: true, platform: true, needsReconnectReason: true, needsReconnectAt: true },
  });
  return rows.map((c) => ({
    id: c.id,
    displayName: c.displayName,
    platform: c.platform,
    reason: c.needsReconnectReason ?? "the network refused its credentials",
    since: (c.needsReconnectAt as Date).toISOString(),
  }));
}
