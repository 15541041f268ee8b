import { ApiError } from "@/lib/api/errors";
import { refreshChannelCredentials } from "@/lib/channels/refresh-channel-credentials";
import { decryptCredentials } from "@/lib/crypto/credentials";
import type { Db } from "@/lib/db/prisma";
import { type AdapterLookup, getPlatformAdapter } from "@/lib/publishing/networks/get-platform-adapter";
import { PublishError, type PublishingQuota } from "@/lib/publishing/networks/types";
import { PLATFORM_NAMES } from "@/lib/publishing/platform-names";

/** How long the platform may take to answer (ms) before the page is told it is unavailable. */
const QUOTA_TIMEOUT_MS = 10_000;

/**
 * The publishing quota of a workspace's channel now, as its platform reports it (PlatformAdapter.quota: Threads'
 * threads_publishing_limit, 250 posts per profile per 24 h; Instagram's content_publishing_limit, 100), e.g.
 * `{ usage: 12, total: 250, durationSec: 86400 }`. Credentials expiring soon are refreshed under the channel's lock
 * first. Throws ApiError: 404 when the channel is not this workspace's (or deleted), or its platform states no
 * quota; 409 when the platform refused the channel's credentials (reconnect it); 503 when the platform could not
 * answer, with its message.
 */
export async function readChannelQuota({
  db,
  workspaceId,
  channelId,
  adapterFor = getPlatformAdapter,
}: {
  db: Db;
  workspaceId: string;
  channelId: string;
  adapterFor?: AdapterLookup;
}): Promise<PublishingQuota> {
  const channel = await db.channel.findFirst({ where: { id: channelId, workspaceId, deletedAt: null } });
  if (!channel) throw new ApiError("not_found", `Channel ${channelId} not found`);
  const adapter = adapterFor(channel.platform);
  if (!adapter.quota) {
    throw new ApiError("not_found", `${PLATFORM_NAMES[channel.platform]} states no publishing quota for an account`);
  }
  try {
    return await adapter.quota({
      channel: { id: channel.id, displayName: channel.displayName, platform: channel.platform, config: channel.config },
      credentials: channel.credentialsEnc ? decryptCredentials(channel.credentialsEnc) : {},
      signal: AbortSignal.timeout(QUOTA_TIMEOUT_MS),
      refreshCredentials: (fn) => refreshChannelCredentials({ channelId: channel.id, fn }),
    });
  } catch (err) {
    if (err instanceof PublishError && err.kind === "reconnect") throw new ApiError("conflict", err.message);
    throw new ApiError("unavailable", err instanceof Error ? err.message : String(err));
  }
}
