import type { Db } from "@/lib/db/prisma";
import { logger } from "@/lib/log";
import type { OutboundPolicy, Resolve } from "@/lib/net/outbound-guard";
import { sanitiseExcerpt } from "@/lib/net/sanitise-excerpt";
import { OAuthStateError } from "@/lib/oauth/consume-oauth-authorization";
import { finishMastodonConnect, MastodonConnectError } from "@/lib/publishing/networks/mastodon/connect";
import type { MastodonCallbackQuery } from "@/lib/schemas/channel-connect";

const log = logger("api:connect-mastodon");

/** Where the Channels page is; the callback always sends the browser back there. */
export const CHANNELS_PAGE = "/settings/channels";

/**
 * Where to send the browser after a Mastodon server redirected back (finishMastodonConnect):
 * `/settings/channels?connected=<channelId>`, or `/settings/channels?error=<message>` when the person declined on
 * the server (its `error_description`), when `code` or `state` is missing, when the state is unknown, expired, used
 * or another person's (nothing written then), or when the server refused the exchange. Never throws.
 */
export async function finishMastodonCallback({
  db,
  workspaceId,
  userId,
  query,
  outbound,
  now = new Date(),
}: {
  db: Db;
  workspaceId: string;
  userId: string | null;
  query: MastodonCallbackQuery;
  outbound: { policy: OutboundPolicy; resolve?: Resolve };
  now?: Date;
}): Promise<string> {
  const fail = (message: string) =>
    `${CHANNELS_PAGE}?${new URLSearchParams({ error: sanitiseExcerpt(message, { max: 300 }) })}`;
  if (query.error) {
    return fail(`the Mastodon server did not authorize Cadence: ${query.error_description || query.error}`);
  }
  if (!query.code || !query.state) return fail("the Mastodon server's answer had no code or state");
  try {
    const { channelId } = await finishMastodonConnect({
      db,
      workspaceId,
      userId,
      code: query.code,
      state: query.state,
      outbound,
      now,
    });
    return `${CHANNELS_PAGE}?${new URLSearchParams({ connected: channelId })}`;
  } catch (err) {
    if (err instanceof OAuthStateError || err instanceof MastodonConnectError) return fail(err.message);
    log.error({ err, workspaceId }, "Mastodon connect failed");
    return fail("connecting the Mastodon account failed; try again");
  }
}
