import { encryptCredentials } from "@/lib/crypto/credentials";
import type { Db } from "@/lib/db/prisma";
import type { Prisma } from "@/lib/generated/prisma/client";
import { type ChannelResponse, type CreateChannelInput, toChannelResponse } from "@/lib/schemas/channels";

/** Connects a channel. The body was checked against its platform (createChannelBody); credentials are sealed. */
export async function createChannel({
  db,
  workspaceId,
  input,
}: {
  db: Db;
  workspaceId: string;
  input: CreateChannelInput;
}): Promise<ChannelResponse> {
  const channel = await db.channel.create({
    data: {
      workspaceId,
      platform: input.platform,
      displayName: input.displayName,
      active: input.active,
      config: (input.config ?? {}) as Prisma.InputJsonValue,
      credentialsEnc: input.credentials ? encryptCredentials(input.credentials as Record<string, unknown>) : null,
    },
  });
  return toChannelResponse(channel);
}
