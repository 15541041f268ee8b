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
 * TODO(needs-reconnect): a hook for the Channel columns `needsReconnectReason` / `needsReconnectAt`, which are
 * being added in parallel (the channels work of issue 10). Until they exist this returns []. Once they do:
 *   db.channel.findMany({ where: { workspaceId, deletedAt: null, needsReconnectAt: { not: null } },
 *     orderBy: [{ needsReconnectAt: "desc" }, { id: "asc" }], select: { id, displayName, platform,
 *     needsReconnectReason, needsReconnectAt } }) mapped to ChannelNeedingReconnect — one indexed query, scoped
 *   to the workspace. toPostResponse (lib/schemas/posts.ts) then passes each channel's needsReconnect too.
 */
export async function listChannelsNeedingReconnect({
  db: _db,
  workspaceId: _workspaceId,
}: {
  db: Db;
  workspaceId: string;
}): Promise<ChannelNeedingReconnect[]> {
  return [];
}
