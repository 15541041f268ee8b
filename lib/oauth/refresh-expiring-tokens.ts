import type pg from "pg";
import { markChannelNeedsReconnect } from "@/lib/channels/mark-channel-needs-reconnect";
import { refreshChannelCredentials } from "@/lib/channels/refresh-channel-credentials";
import { decryptCredentials } from "@/lib/crypto/credentials";
import type { Db } from "@/lib/db/prisma";
import type { Platform } from "@/lib/generated/prisma/enums";
import { logger } from "@/lib/log";
import { ensureFreshCredentials } from "@/lib/oauth/ensure-fresh-credentials";
import type { OAuthNetworkLookup } from "@/lib/oauth/find-oauth-login";
import { listOAuthLogins } from "@/lib/oauth/list-oauth-logins";
import { oauthNetworkFor } from "@/lib/oauth/networks/get-oauth-network";
import type { OAuthNetwork } from "@/lib/oauth/networks/types";
import { PublishError } from "@/lib/publishing/networks/types";

const log = logger("worker:token-refresh");

/** How long one channel's refresh may take before it is given up until the next run (ms). */
const REFRESH_TIMEOUT_MS = 30_000;

export type RefreshExpiringTokensResult = {
  /** Channels of OAuth logins that can refresh, connected, with credentials. */
  checked: number;
  /** Channels whose token expired or expires within `aheadMs`: the ones a refresh was tried for. */
  expiring: number;
  /** Refreshed now (by this run, or by a concurrent refresher this run waited for). */
  refreshed: number;
  /** The platform refused the refresh: now "needs reconnect" with its words. */
  needsReconnect: number;
  /** Failed for another reason (unreachable, 5xx, app settings gone, lock wait): logged, tried again next run. */
  failed: number;
};

function expiresWithin(credentials: Record<string, unknown>, now: Date, aheadMs: number): boolean {
  const at = credentials.expiresAt;
  if (typeof at !== "string") return false;
  const ms = Date.parse(at);
  return Number.isNaN(ms) || ms - now.getTime() <= aheadMs;
}

/**
 * The worker's proactive token refresh (a BullMQ job scheduler, TOKEN_REFRESH_EVERY_MS): every connected channel
 * (not deleted, not already "needs reconnect") of a platform whose OAuth login can refresh (OAuthNetwork.refresh)
 * whose credentials.expiresAt (ISO 8601, OAuthTokens) is past or within `aheadMs` (TOKEN_REFRESH_AHEAD_MS) is
 * refreshed, one channel at a time, through ensureFreshCredentials under the channel's credentials lock
 * (refreshChannelCredentials: one refresh per channel across workers and publishes; a refresher that waited finds
 * the fresh tokens and does not ask the platform again). A refused refresh (OAuthNetworkError.refused) marks the
 * channel "needs reconnect" with the platform's message (markChannelNeedsReconnect); any other failure is logged
 * and retried on the next run. Channels whose login has no refresh are left alone (they are renewed by
 * reconnecting; publishing says so when the token expired). Never throws for one channel's failure.
 */
export async function refreshExpiringTokens({
  db,
  pool,
  aheadMs,
  networkFor = oauthNetworkFor,
  now = () => new Date(),
}: {
  db: Db;
  pool?: Pick<pg.Pool, "connect">;
  aheadMs: number;
  networkFor?: OAuthNetworkLookup;
  now?: () => Date;
}): Promise<RefreshExpiringTokensResult> {
  const result: RefreshExpiringTokensResult = { checked: 0, expiring: 0, refreshed: 0, needsReconnect: 0, failed: 0 };
  const byPlatform = new Map<Platform, OAuthNetwork>();
  for (const login of listOAuthLogins(networkFor)) {
    const network = networkFor(login.login);
    if (!network?.refresh) continue;
    for (const platform of network.channelPlatforms) byPlatform.set(platform, network);
  }
  if (byPlatform.size === 0) return result;
  const channels = await db.channel.findMany({
    where: {
      platform: { in: [...byPlatform.keys()] },
      deletedAt: null,
      needsReconnectAt: null,
      credentialsEnc: { not: null },
    },
    select: { id: true, workspaceId: true, platform: true, credentialsEnc: true },
    orderBy: { id: "asc" },
  });
  for (const channel of channels) {
    const network = byPlatform.get(channel.platform);
    if (!network || !channel.credentialsEnc) continue;
    result.checked += 1;
    let credentials: Record<string, unknown>;
    try {
      credentials = decryptCredentials(channel.credentialsEnc);
    } catch (err) {
      log.error(
        { err, channelId: channel.id },
        "channel credentials could not be decrypted (CREDENTIALS_KEY changed?)",
      );
      result.failed += 1;
      continue;
    }
    if (!expiresWithin(credentials, now(), aheadMs)) continue;
    result.expiring += 1;
    const ctx = { channelId: channel.id, workspaceId: channel.workspaceId, platform: channel.platform };
    try {
      await ensureFreshCredentials({
        credentials,
        network,
        aheadMs,
        now,
        signal: AbortSignal.timeout(REFRESH_TIMEOUT_MS),
        refreshCredentials: (fn) => refreshChannelCredentials({ pool, channelId: channel.id, fn }),
      });
      result.refreshed += 1;
      log.info(ctx, "access token refreshed ahead of its expiry");
    } catch (err) {
      if (err instanceof PublishError && err.kind === "reconnect") {
        await markChannelNeedsReconnect({ db, channelId: channel.id, reason: err.message, now: now() });
        result.needsReconnect += 1;
        log.warn({ ...ctx, reason: err.message }, "token refresh refused: the channel needs reconnecting");
      } else {
        result.failed += 1;
        log.error({ ...ctx, err }, "token refresh failed; trying again on the next run");
      }
    }
  }
  return result;
}
