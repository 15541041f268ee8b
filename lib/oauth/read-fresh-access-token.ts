import { ensureFreshCredentials } from "@/lib/oauth/ensure-fresh-credentials";
import type { OAuthNetwork } from "@/lib/oauth/networks/types";
import type { MetricsRequest } from "@/lib/publishing/networks/types";

/**
 * The access token to call the platform with: the channel's credentials renewed first when they expire within
 * REFRESH_AHEAD_MS (ensureFreshCredentials, through `refreshCredentials`, one refresh per channel at a time), then
 * read by `readToken` (the adapter's credentials schema; it throws PublishError "reconnect" when there is no token).
 * Throws what ensureFreshCredentials throws (PublishError "reconnect" / "permanent" / "transient") and what
 * `readToken` throws.
 */
export async function readFreshAccessToken({
  request,
  network,
  readToken,
  now,
}: {
  /** PublishRequest, MetricsRequest and QuotaRequest all have these. */
  request: Pick<MetricsRequest, "credentials" | "refreshCredentials" | "signal">;
  network: OAuthNetwork;
  readToken: (credentials: Record<string, unknown>) => string;
  now?: () => Date;
}): Promise<string> {
  const credentials = await ensureFreshCredentials({
    credentials: request.credentials,
    network,
    refreshCredentials: request.refreshCredentials,
    signal: request.signal,
    now,
  });
  return readToken(credentials);
}
