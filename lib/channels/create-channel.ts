import { checkWebhookTarget, type OutboundCheck } from "@/lib/channels/check-webhook-target";
import { pickChannelColor } from "@/lib/channels/pick-channel-color";
import { encryptCredentials } from "@/lib/crypto/credentials";
import type { Db } from "@/lib/db/prisma";
import type { Prisma } from "@/lib/generated/prisma/client";
import {
  type ChannelAccount,
  type ChannelResponse,
  type CreateChannelInput,
  toChannelResponse,
} from "@/lib/schemas/channels";

/**
 * Connects a channel. The body was checked against its platform (createChannelBody); a webhook's URL must be a
 * permitted target (422, checkWebhookTarget); credentials are sealed. It takes the workspace's next palette colour
 * (pickChannelColor). A connect flow passes `account` (who the channel publishes as, where it lives).
 */
export async function createChannel({
  db,
  workspaceId,
  input,
  account,
  outbound,
}: {
  db: Db;
  workspaceId: string;
  input: CreateChannelInput;
  account?: ChannelAccount;
  outbound?: OutboundCheck;
}): Promise<ChannelResponse> {
  if (input.platform === "WEBHOOK") {
    await checkWebhookTarget({ url: (input.config as { url: string }).url, outbound });
  }
  const channel = await db.channel.create({
    data: {
      workspaceId,
      platform: input.platform,
      displayName: input.displayName,
      color: await pickChannelColor({ db, workspaceId }),
      active: input.active,
      ...account,
      config: (input.config ?? {}) as Prisma.InputJsonValue,
      credentialsEnc: input.credentials ? encryptCredentials(input.credentials as Record<string, unknown>) : null,
    },
  });
  return toChannelResponse(channel);
}
