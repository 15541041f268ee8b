import { CHANNELS_PAGE } from "@/lib/channels/finish-mastodon-callback";
import type { Db } from "@/lib/db/prisma";
import { logger } from "@/lib/log";
import { sanitiseExcerpt } from "@/lib/net/sanitise-excerpt";
import { OAuthStateError } from "@/lib/oauth/consume-oauth-authorization";
import { findOAuthLogin, type OAuthNetworkLookup } from "@/lib/oauth/find-oauth-login";
import { finishOAuthConnect, OAuthConnectError } from "@/lib/oauth/finish-oauth-connect";
import type { OAuthCallbackQuery } from "@/lib/schemas/oauth-connect";

const log = logger("api:connect-oauth");

/**
 * Where to send the browser after a platform's OAuth login redirected back (finishOAuthConnect), always the Channels
 * page: `?connected=<channelId>` (a channel connected, or reconnected: `&reconnected=1`); `?choose=<choiceId>` (the
 * login brought several accounts, or some cannot be connected: the account picker opens);
 * `?notice=<message>` when the person declined on the platform (error=access_denied, RFC 6749 §4.1.2.1: nothing
 * was connected); `?error=<message>` for any other `error` (its error_description), a missing code or state, a
 * state that is unknown, expired, used or another person's (nothing written then), or a platform refusing the code.
 * Throws ApiError 404 only for a `segment` that is no OAuth login (findOAuthLogin).
 */
export async function finishOAuthCallback({
  db,
  segment,
  workspaceId,
  userId,
  query,
  networkFor,
  now = new Date(),
}: {
  db: Db;
  segment: string;
  workspaceId: string;
  userId: string | null;
  query: OAuthCallbackQuery;
  networkFor?: OAuthNetworkLookup;
  now?: Date;
}): Promise<string> {
  const network = findOAuthLogin(segment, networkFor);
  const page = (params: Record<string, string>) => `${CHANNELS_PAGE}?${new URLSearchParams(params)}`;
  const clean = (message: string) => sanitiseExcerpt(message, { max: 300 });
  if (query.error === "access_denied") {
    return page({ notice: `You did not allow Cadence on ${network.label}: nothing was connected.` });
  }
  if (query.error) {
    return page({
      error: clean(`${network.label} did not authorize Cadence: ${query.error_description || query.error}`),
    });
  }
  if (!query.code || !query.state) return page({ error: `${network.label}'s answer had no code or state` });
  try {
    const outcome = await finishOAuthConnect({
      db,
      network,
      workspaceId,
      userId,
      code: query.code,
      state: query.state,
      now,
    });
    if (outcome.kind === "choose") return page({ choose: outcome.choiceId });
    return page({ connected: outcome.channelId, ...(outcome.reconnected ? { reconnected: "1" } : {}) });
  } catch (err) {
    if (err instanceof OAuthStateError || err instanceof OAuthConnectError) return page({ error: clean(err.message) });
    log.error({ err, workspaceId, platform: network.platform }, "OAuth connect failed");
    return page({ error: `connecting the ${network.label} account failed; try again` });
  }
}
