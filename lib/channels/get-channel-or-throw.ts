import { ApiError } from "@/lib/api/errors";
import { findLastPublished } from "@/lib/channels/find-last-published";
import type { Db } from "@/lib/db/prisma";
import { type ChannelResponse, toChannelResponse } from "@/lib/schemas/channels";

/** The channel as the API shows it (no credentials); 404 when it is not in this workspace. */
export async function getChannelOrThrow({
  db,
  workspaceId,
  channelId,
}: {
  db: Db;
  workspaceId: string;
  channelId: string;
}): Promise<ChannelResponse> {
  const channel = await db.channel.findFirst({ where: { id: channelId, workspaceId, deletedAt: null } });
  if (!channel) throw new ApiError("not_found", `Channel ${channelId} not found`);
  const last = await findLastPublished({ db, channelIds: [channel.id] });
  return toChannelResponse(channel, last.get(channel.id) ?? null);
}
