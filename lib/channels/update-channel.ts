import { ApiError } from "@/lib/api/errors";
import { checkWebhookTarget, type OutboundCheck } from "@/lib/channels/check-webhook-target";
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
 * naming the fields; a webhook URL that is no permitted target is 422). The platform itself cannot change:
 * connect a new channel instead. New credentials replace the old at once (a webhook's grace period for the old
 * secret comes only with rotateWebhookSecret).
 */
export async function updateChannel({
  db,
  workspaceId,
  channelId,
  input,
  outbound,
}: {
  db: Db;
  workspaceId: string;
  channelId: string;
  input: UpdateChannelInput;
  outbound?: OutboundCheck;
}): Promise<ChannelResponse> {
  const channel = await db.channel.findFirst({ where: { id: channelId, workspaceId }, select: { platform: true } });
  if (!channel) throw new ApiError("not_found", `Channel ${channelId} not found`);
  const issues = channelSettingsIssues(channel.platform, input, false);
  if (issues.length > 0) {
    throw new ApiError("invalid_request", `Invalid body: ${issues.map((i) => i.path).join(", ")}`, issues);
  }
  if (channel.platform === "WEBHOOK" && input.config !== undefined) {
    await checkWebhookTarget({ url: (input.config as { url: string }).url, outbound });
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
