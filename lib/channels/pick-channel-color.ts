import { CHANNEL_PALETTE } from "@/lib/channels/channel-palette";
import type { Db } from "@/lib/db/prisma";

/**
 * The colour a new channel of the workspace starts with: the first palette colour (CHANNEL_PALETTE) none of its
 * channels uses, else the palette again in turn (by how many channels it has). For every code that creates a
 * channel (POST /api/channels, the Bluesky and Mastodon connect flows).
 */
export async function pickChannelColor({
  db,
  workspaceId,
}: {
  db: Pick<Db, "channel">;
  workspaceId: string;
}): Promise<string> {
  const used = await db.channel.findMany({ where: { workspaceId, deletedAt: null }, select: { color: true } });
  const taken = new Set(used.map((c) => c.color.toLowerCase()));
  const free = CHANNEL_PALETTE.find((c) => !taken.has(c));
  return free ?? CHANNEL_PALETTE[used.length % CHANNEL_PALETTE.length] ?? CHANNEL_PALETTE[0];
}
