import type { Queue } from "bullmq";
import { ApiError } from "@/lib/api/errors";
import { createChannel } from "@/lib/channels/create-channel";
import { updateChannel } from "@/lib/channels/update-channel";
import type { Db } from "@/lib/db/prisma";
import { getEnv } from "@/lib/env";
import { createGuardedFetch } from "@/lib/net/create-guarded-fetch";
import { OutboundRefusedError } from "@/lib/net/outbound-guard";
import { BlueskyConnectError, connectBlueskyAccount } from "@/lib/publishing/networks/bluesky/connect";
import type { ChannelResponse } from "@/lib/schemas/channels";
import type { ConnectBlueskyInput } from "@/lib/schemas/connect-bluesky";

/**
 * Connects a Bluesky account as a channel of the workspace (connectBlueskyAccount: handle or DID + app password),
 * or, with `channelId`, reconnects that Bluesky channel: its session and account details are replaced, its name,
 * colour and posts kept, "needs reconnect" cleared. Config gets { did, handle, service, pdsUrl, avatarUrl }; the
 * channel's accountName "@handle", avatarUrl and serverUrl (the PDS) are set on create and reconnect; a new channel
 * takes the workspace's next colour (pickChannelColor); the session (accessJwt, refreshJwt, did, handle) is stored
 * encrypted; the name is "@handle". All requests go through the outbound guard.
 * Nothing is written unless the sign-in succeeded. Throws ApiError: 422 naming what is wrong (unknown handle, refused
 * app password, a server Cadence may not reach, reconnecting with another account), 409 when the account is already
 * a channel of this workspace, 404 for a channelId not in this workspace, 503 when a Bluesky server fails.
 */
export async function connectBlueskyChannel({
  db,
  queue,
  workspaceId,
  input,
  fetch = createGuardedFetch(),
  plcUrl = getEnv().BLUESKY_PLC_URL,
}: {
  db: Db;
  /** For reconnecting through updateChannel (unused unless a channel is deactivated, which this never does). */
  queue: () => Queue;
  workspaceId: string;
  input: ConnectBlueskyInput;
  fetch?: typeof globalThis.fetch;
  plcUrl?: string;
}): Promise<ChannelResponse> {
  const existing = input.channelId
    ? await db.channel.findFirst({ where: { id: input.channelId, workspaceId, deletedAt: null } })
    : null;
  if (input.channelId && !existing) throw new ApiError("not_found", `Channel ${input.channelId} not found`);
  if (existing && existing.platform !== "BLUESKY") {
    throw new ApiError("unprocessable", `Channel ${existing.id} is a ${existing.platform} channel, not Bluesky`);
  }

  let account: Awaited<ReturnType<typeof connectBlueskyAccount>>;
  try {
    account = await connectBlueskyAccount({ ...input, plcUrl, fetch });
  } catch (err) {
    if (err instanceof BlueskyConnectError) {
      throw new ApiError(err.status === 422 ? "unprocessable" : "unavailable", err.message);
    }
    if (err instanceof OutboundRefusedError) {
      throw new ApiError("unprocessable", `Cadence may not connect to that server: it ${err.message}`);
    }
    throw err;
  }
  const { config, credentials } = account;
  const who = { accountName: `@${config.handle}`, avatarUrl: config.avatarUrl ?? null, serverUrl: config.pdsUrl };

  if (existing) {
    const before = (existing.config ?? {}) as Record<string, unknown>;
    if (typeof before.did === "string" && before.did !== config.did) {
      throw new ApiError(
        "unprocessable",
        `Channel ${existing.displayName} is the account ${before.did}; the app password signs in ${config.did} ` +
          `(@${config.handle}): connect that account as a new channel instead`,
      );
    }
    const { affectedPosts: _none, ...channel } = await updateChannel({
      db,
      queue: queue(),
      workspaceId,
      channelId: existing.id,
      input: { config: { ...before, ...config }, credentials },
      account: who,
    });
    return channel;
  }

  const duplicate = await db.channel.findFirst({
    where: { workspaceId, platform: "BLUESKY", deletedAt: null, config: { path: ["did"], equals: config.did } },
    select: { id: true, displayName: true },
  });
  if (duplicate) {
    throw new ApiError(
      "conflict",
      `@${config.handle} is already connected as ${duplicate.displayName} (channel ${duplicate.id}); reconnect that ` +
        "channel (send its channelId) instead",
    );
  }
  return createChannel({
    db,
    workspaceId,
    input: { platform: "BLUESKY", displayName: `@${config.handle}`, config, credentials, active: true },
    account: who,
  });
}
