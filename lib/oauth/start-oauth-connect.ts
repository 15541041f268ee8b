import { ApiError } from "@/lib/api/errors";
import type { Db } from "@/lib/db/prisma";
import { findOAuthLogin, type OAuthNetworkLookup } from "@/lib/oauth/find-oauth-login";
import type { OAuthNetwork } from "@/lib/oauth/networks/types";
import { startOAuthAuthorization } from "@/lib/oauth/start-oauth-authorization";
import { upsertOAuthAppClient } from "@/lib/oauth/upsert-oauth-app-client";

/** The path every OAuth login's platform sends the browser back to, after PUBLIC_URL ("twitter", "facebook"). */
export function oauthCallbackPath(network: Pick<OAuthNetwork, "platform">): string {
  return `/api/channels/connect/${network.platform.toLowerCase()}/callback`;
}

/**
 * Starts connecting accounts through a platform's OAuth login (POST /api/channels/connect/<platform>), or, with
 * `channelId`, reconnecting that channel: finds the login (`segment`, findOAuthLogin), keeps the operator's app as
 * an OAuthClient (upsertOAuthAppClient; serverUrl = the authorize endpoint's origin) and starts an
 * authorization-code flow (startOAuthAuthorization) with the network's scopes, PKCE choice and extra parameters,
 * the redirect URI being `publicUrl` + oauthCallbackPath (what the README says to register on the developer portal).
 * Returns the platform's authorize URL for the browser.
 * Throws ApiError: 404 unknown platform or one without an OAuth login; 422 PUBLIC_URL unset or the app's settings
 * unset (named); 404 `channelId` is not a channel of this workspace of a platform this login creates.
 */
export async function startOAuthConnect({
  db,
  workspaceId,
  userId,
  segment,
  channelId,
  publicUrl,
  networkFor,
  now = new Date(),
}: {
  db: Db;
  workspaceId: string;
  userId: string;
  segment: string;
  channelId: string | null;
  publicUrl: string | undefined;
  networkFor?: OAuthNetworkLookup;
  now?: Date;
}): Promise<{ authorizeUrl: string }> {
  const network = findOAuthLogin(segment, networkFor);
  const app = network.app();
  if (!app) {
    throw new ApiError(
      "unprocessable",
      `${network.label} is not set up on this Cadence: the operator must set ${network.settings.join(" and ")}`,
      { settings: network.settings },
    );
  }
  if (!publicUrl) {
    throw new ApiError("unprocessable", `PUBLIC_URL is not set: ${network.label} needs it to send you back`);
  }
  if (channelId) {
    const channel = await db.channel.findFirst({
      where: { id: channelId, workspaceId, deletedAt: null, platform: { in: network.channelPlatforms } },
      select: { id: true },
    });
    if (!channel) throw new ApiError("not_found", `${network.label} channel ${channelId} not found`);
  }
  const authorizeEndpoint = network.authorizeEndpoint();
  const redirectUri = new URL(oauthCallbackPath(network), publicUrl).href;
  const client = await upsertOAuthAppClient({
    db,
    platform: network.platform,
    serverUrl: new URL(authorizeEndpoint).origin,
    redirectUri,
    app,
    scopes: network.scopes,
  });
  const { authorizeUrl } = await startOAuthAuthorization({
    db,
    platform: network.platform,
    client,
    authorizeEndpoint,
    workspaceId,
    userId,
    channelId,
    pkce: network.pkce,
    scope: network.scopes,
    authorizeParams: network.authorizeParams,
    now,
  });
  return { authorizeUrl };
}
