import { ApiError } from "@/lib/api/errors";
import type { Db } from "@/lib/db/prisma";

/**
 * Disconnects a channel: it leaves every post's targets, and its publication results go with it (the schema
 * cascades). To keep the history, deactivate it instead (PATCH { active: false }). A channel that a post
 * being published right now targets is 409.
 */
export async function deleteChannel({
  db,
  workspaceId,
  channelId,
}: {
  db: Db;
  workspaceId: string;
  channelId: string;
}): Promise<void> {
  const channel = await db.channel.findFirst({ where: { id: channelId, workspaceId }, select: { id: true } });
  if (!channel) throw new ApiError("not_found", `Channel ${channelId} not found`);
  const publishing = await db.postChannel.count({
    where: { channelId, post: { workspaceId, status: "PUBLISHING" } },
  });
  if (publishing > 0) throw new ApiError("conflict", "A post is being published to this channel; try again shortly");
  await db.channel.deleteMany({ where: { id: channelId, workspaceId } });
}
