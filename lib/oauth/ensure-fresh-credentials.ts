import { type OAuthNetwork, OAuthNetworkError } from "@/lib/oauth/networks/types";
import { PublishError } from "@/lib/publishing/networks/types";

/** How long before its expiry an access token is refreshed (ms): a request started with it must not outlive it. */
export const REFRESH_AHEAD_MS = 5 * 60_000;

function expiresSoon(credentials: Record<string, unknown>, now: Date, aheadMs: number): boolean {
  const at = credentials.expiresAt;
  if (typeof at !== "string") return false;
  const ms = Date.parse(at);
  return Number.isNaN(ms) || ms - now.getTime() <= aheadMs;
}

/**
 * The channel's credentials with an access token good for at least `aheadMs` more (default REFRESH_AHEAD_MS): the
 * same object when `credentials.expiresAt` (ISO 8601, OAuthTokens) is absent, null or far enough; otherwise
 * `network.refresh` runs through `refreshCredentials` (PublishRequest/MetricsRequest.refreshCredentials: one
 * refresh at a time per channel across workers, under a PostgreSQL advisory lock; a refresher that waited finds
 * the fresh tokens and returns them without asking the platform again) and the stored result is returned.
 * Throws PublishError: "reconnect" when the platform refused the refresh (OAuthNetworkError.refused) or the
 * network cannot refresh at all; "permanent" when the app credentials are not set (the setting names are given);
 * "transient" for any other refresh failure (the platform unreachable, a 5xx).
 */
export async function ensureFreshCredentials({
  credentials,
  network,
  refreshCredentials,
  signal,
  now = () => new Date(),
  aheadMs = REFRESH_AHEAD_MS,
}: {
  credentials: Record<string, unknown>;
  network: OAuthNetwork;
  refreshCredentials(
    fn: (latest: Record<string, unknown>) => Promise<Record<string, unknown>>,
  ): Promise<Record<string, unknown>>;
  signal: AbortSignal;
  now?: () => Date;
  aheadMs?: number;
}): Promise<Record<string, unknown>> {
  if (!expiresSoon(credentials, now(), aheadMs)) return credentials;
  const refresh = network.refresh;
  if (!refresh) {
    throw new PublishError("reconnect", `the ${network.label} access token expired: connect the account again`);
  }
  return refreshCredentials(async (latest) => {
    if (!expiresSoon(latest, now(), aheadMs)) return latest;
    const app = network.app();
    if (!app) {
      throw new PublishError(
        "permanent",
        `${network.label} is not set up on this Cadence: set ${network.settings.join(" and ")}`,
      );
    }
    try {
      return await refresh.call(network, { app, signal, credentials: latest });
    } catch (err) {
      if (err instanceof OAuthNetworkError && err.refused) {
        throw new PublishError("reconnect", `${network.label} refused to renew the access token: ${err.message}`);
      }
      if (err instanceof PublishError) throw err;
      throw new PublishError(
        "transient",
        `renewing the ${network.label} access token failed: ${(err as Error).message}`,
      );
    }
  });
}
