import { findLastPublished } from "@/lib/channels/find-last-published";
import type { Db } from "@/lib/db/prisma";
import { type ChannelResponse, toChannelResponse } from "@/lib/schemas/channels";

/** The workspace's channels, by name, each with its state and last publication (two queries for the list). */
export async function listChannels({
  db,
  workspaceId,
}: {
  db: Db;
  workspaceId: string;
}): Promise<{ channels: ChannelResponse[] }> {
  const channels = await db.channel.findMany({
    where: { workspaceId, deletedAt: null },
    orderBy: [{ displayName: "asc" }, { id: "asc" }],
  });
  const last = await findLastPublished({ db, channelIds: channels.map((c) => c.id) });
  return { channels: channels.map((c) => toChannelResponse(c, last.get(c.id) ?? null)) };
}
