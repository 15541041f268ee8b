import { ApiError } from "@/lib/api/errors";
import { encryptCredentials } from "@/lib/crypto/credentials";
import type { Db } from "@/lib/db/prisma";
import type { Prisma } from "@/lib/generated/prisma/client";
import {
  type ChannelResponse,
  channelSettingsIssues,
  toChannelResponse,
  type UpdateChannelInput,
} from "@/lib/schemas/channels";

/**
 * Renames, (de)activates, or replaces a channel's config or credentials (checked against its platform, 400
 * naming the fields). The platform itself cannot change: connect a new channel instead.
 */
export async function updateChannel({
  db,
  workspaceId,
  channelId,
  input,
}: {
  db: Db;
  workspaceId: string;
  channelId: string;
  input: UpdateChannelInput;
}): Promise<ChannelResponse> {
  const channel = await db.channel.findFirst({ where: { id: channelId, workspaceId }, select: { platform: true } });
  if (!channel) throw new ApiError("not_found", `Channel ${channelId} not found`);
  const issues = channelSettingsIssues(channel.platform, input, false);
  if (issues.length > 0) {
    throw new ApiError("invalid_request", `Invalid body: ${issues.map((i) => i.path).join(", ")}`, issues);
  }
  const { count } = await db.channel.updateMany({
    where: { id: channelId, workspaceId },
    data: {
      displayName: input.displayName,
      active: input.active,
      config: input.config === undefined ? undefined : (input.config as Prisma.InputJsonValue),
      credentialsEnc:
        input.credentials === undefined ? undefined : encryptCredentials(input.credentials as Record<string, unknown>),
    },
  });
  if (count === 0) throw new ApiError("not_found", `Channel ${channelId} not found`);
  const updated = await db.channel.findFirstOrThrow({ where: { id: channelId, workspaceId } });
  return toChannelResponse(updated);
}
