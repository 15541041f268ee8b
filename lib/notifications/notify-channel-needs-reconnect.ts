import type { Db } from "@/lib/db/prisma";
import { logger } from "@/lib/log";
import { notify } from "@/lib/notifications/notify";

const log = logger("notify");

/**
 * Reports that a channel needs reconnecting, once per transition: the once-key is the channel and the time it was
 * marked (Channel.needsReconnectAt, which stays at the first refusal until the person reconnects), so repeated
 * refusals and racing workers report it once, and a later disconnect after a reconnect is reported again.
 * Recipients: members who can manage channels (channels:manage). Nothing when the channel is connected, deleted
 * or not in `workspaceId`. Never throws (logged).
 */
export async function notifyChannelNeedsReconnect({
  db,
  workspaceId,
  channelId,
  now = new Date(),
}: {
  db: Db;
  workspaceId: string;
  channelId: string;
  now?: Date;
}): Promise<void> {
  try {
    const channel = await db.channel.findFirst({
      where: { id: channelId, workspaceId, deletedAt: null, needsReconnectAt: { not: null } },
      select: { displayName: true, needsReconnectReason: true, needsReconnectAt: true },
    });
    if (!channel?.needsReconnectAt) return;
    await notify({
      db,
      now,
      onceKey: `channel.needs_reconnect:${channelId}:${channel.needsReconnectAt.toISOString()}`,
      event: {
        kind: "channel.needs_reconnect",
        workspaceId,
        channelId,
        title: `${channel.displayName} needs reconnecting`,
        body: channel.needsReconnectReason,
        actorUserId: null,
        recipients: { permission: "channels:manage" },
      },
    });
  } catch (err) {
    log.error({ err, workspaceId, channelId }, "could not report the channel needing reconnect");
  }
}
