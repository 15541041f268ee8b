import type { Db } from "@/lib/db/prisma";
import { type ChannelResponse, toChannelResponse } from "@/lib/schemas/channels";

/** The workspace's channels, by name. */
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
  return { channels: channels.map(toChannelResponse) };
}
