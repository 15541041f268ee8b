import { ApiError } from "@/lib/api/errors";
import type { Db } from "@/lib/db/prisma";
import type { Platform } from "@/lib/generated/prisma/enums";

export type TargetChannel = {
  id: string;
  platform: Platform;
  displayName: string;
  active: boolean;
  config: unknown;
  needsReconnectReason: string | null;
};

/** The workspace's channels with these ids; an id that is not one of them (another workspace's too) is 422. */
export async function loadTargetChannels({
  db,
  workspaceId,
  channelIds,
}: {
  db: Db;
  workspaceId: string;
  channelIds: readonly string[];
}): Promise<TargetChannel[]> {
  const unique = [...new Set(channelIds)];
  if (unique.length === 0) return [];
  const channels = await db.channel.findMany({
    where: { workspaceId, id: { in: unique }, deletedAt: null },
    select: { id: true, platform: true, displayName: true, active: true, config: true, needsReconnectReason: true },
  });
  const found = new Set(channels.map((c) => c.id));
  const unknown = unique.filter((id) => !found.has(id));
  if (unknown.length > 0) {
    throw new ApiError("unprocessable", `Unknown channel(s): ${unknown.join(", ")}`, [
      { path: "channelIds", message: `not channels of this workspace: ${unknown.join(", ")}` },
    ]);
  }
  return channels;
}
