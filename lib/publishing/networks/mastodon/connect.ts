import type { mastodon } from "masto";
import { ApiError } from "@/lib/api/errors";
import { pickChannelColor } from "@/lib/channels/pick-channel-color";
import { encryptCredentials } from "@/lib/crypto/credentials";
import type { Db } from "@/lib/db/prisma";
import type { Prisma } from "@/lib/generated/prisma/client";
import { httpUrlOrNull } from "@/lib/net/http-url-or-null";
import { addressRefusal, checkOutboundUrl, type OutboundPolicy, type Resolve } from "@/lib/net/outbound-guard";
import { consumeOAuthAuthorization } from "@/lib/oauth/consume-oauth-authorization";
import { getOrRegisterOAuthClient } from "@/lib/oauth/get-or-register-oauth-client";
import { startOAuthAuthorization } from "@/lib/oauth/start-oauth-authorization";
import { type MastodonClients, openMastodonClients } from "@/lib/publishing/networks/mastodon/client";
import { mastodonMessage } from "@/lib/publishing/networks/mastodon/map-mastodon-error";
import { readServerLimits } from "@/lib/publishing/networks/mastodon/read-server-limits";

/** The callback path every Mastodon server redirects back to (with PUBLIC_URL in front). */
export const MASTODON_CALLBACK_PATH = "/api/channels/connect/mastodon/callback";

/**
 * What Cadence asks for (granular scopes, Mastodon 3.5+ / GoToSocial: https://docs.joinmastodon.org/api/oauth-scopes/):
 * reading the account (verify_credentials), reading statuses (finding a status after a lost answer, metrics),
 * uploading media and posting statuses. Nothing else (no follows, no DMs read, no deletes of other data).
 */
export const MASTODON_SCOPES = "read:accounts read:statuses write:media write:statuses";

type Outbound = { policy: OutboundPolicy; resolve?: Resolve };

/**
 * The server URL a person typed, as its origin: "mastodon.social" → "https://mastodon.social"; a path, query,
 * credentials or another scheme is refused (400 naming serverUrl). Plain http is allowed only where every address
 * the host resolves to is a non-public one the operator allowed (OUTBOUND_ALLOW_CIDRS: a LAN or the tests), so a
 * token never crosses the internet unencrypted; a refused address is a 422 naming it.
 */
export async function normaliseMastodonServerUrl(raw: string, { policy, resolve }: Outbound): Promise<string> {
  const text = raw.trim();
  let url: URL;
  try {
    url = new URL(/^[a-z][a-z0-9+.-]*:\/\//i.test(text) ? text : `https://${text}`);
  } catch {
    throw new ApiError("invalid_request", "serverUrl is not a URL or host name");
  }
  if (url.protocol !== "https:" && url.protocol !== "http:") {
    throw new ApiError("invalid_request", "serverUrl must be an https URL");
  }
  if (url.username || url.password || (url.pathname !== "/" && url.pathname !== "") || url.search || url.hash) {
    throw new ApiError("invalid_request", "serverUrl must be the server's address only, e.g. https://mastodon.social");
  }
  let addresses: string[];
  try {
    addresses = (await checkOutboundUrl(url.origin, { policy, resolve })).addresses.map((a) => a.address);
  } catch (err) {
    throw new ApiError("unprocessable", `serverUrl ${url.host} ${(err as Error).message}`);
  }
  if (url.protocol === "http:" && addresses.some((a) => addressRefusal(a, { allowCidrs: [] }) === null)) {
    throw new ApiError("invalid_request", "serverUrl must use https (the access token must not travel in clear)");
  }
  return url.origin;
}

async function withClients<T>(
  serverUrl: string,
  outbound: Outbound,
  accessToken: string | undefined,
  fn: (clients: MastodonClients) => Promise<T>,
): Promise<T> {
  const clients = await openMastodonClients({ serverUrl, accessToken, ...outbound });
  try {
    return await fn(clients);
  } finally {
    await clients.close();
  }
}

/**
 * Starts connecting (or, with `channelId`, reconnecting) a Mastodon account: registers Cadence on the server once
 * (POST /api/v1/apps with MASTODON_SCOPES and the redirect URI `publicUrl` + MASTODON_CALLBACK_PATH, kept in
 * OAuthClient: https://docs.joinmastodon.org/methods/apps/#create) and starts an authorization-code flow with PKCE
 * and state (lib/oauth/start-oauth-authorization.ts; https://docs.joinmastodon.org/methods/oauth/#authorize).
 * Returns the server's authorize URL for the browser. Throws ApiError: 400 bad serverUrl, 404 channel not in this
 * workspace (or not Mastodon), 422 the server is not a permitted target or refused the registration.
 */
export async function startMastodonConnect({
  db,
  workspaceId,
  userId,
  serverUrl: rawServerUrl,
  channelId,
  publicUrl,
  outbound,
  now = new Date(),
}: {
  db: Db;
  workspaceId: string;
  userId: string;
  serverUrl: string;
  channelId: string | null;
  publicUrl: string;
  outbound: Outbound;
  now?: Date;
}): Promise<{ authorizeUrl: string }> {
  if (channelId) {
    const channel = await db.channel.findFirst({
      where: { id: channelId, workspaceId, deletedAt: null, platform: "MASTODON" },
    });
    if (!channel) throw new ApiError("not_found", `Mastodon channel ${channelId} not found`);
  }
  const serverUrl = await normaliseMastodonServerUrl(rawServerUrl, outbound);
  const redirectUri = new URL(MASTODON_CALLBACK_PATH, publicUrl).href;
  const client = await getOrRegisterOAuthClient({
    db,
    platform: "MASTODON",
    serverUrl,
    redirectUri,
    register: () =>
      withClients(serverUrl, outbound, undefined, async ({ rest }) => {
        let app: mastodon.v1.Client;
        try {
          app = await rest.v1.apps.create({
            clientName: "Cadence",
            redirectUris: redirectUri,
            scopes: MASTODON_SCOPES,
            website: new URL(publicUrl).origin,
          });
        } catch (err) {
          throw new ApiError(
            "unprocessable",
            `${serverUrl} did not register Cadence (is it a Mastodon server?): ${mastodonMessage(err)}`,
          );
        }
        if (!app.clientId || !app.clientSecret) {
          throw new ApiError("unprocessable", `${serverUrl} answered the app registration without client credentials`);
        }
        return { clientId: app.clientId, clientSecret: app.clientSecret, scopes: MASTODON_SCOPES };
      }),
  });
  const { authorizeUrl } = await startOAuthAuthorization({
    db,
    platform: "MASTODON",
    client,
    authorizeEndpoint: `${serverUrl}/oauth/authorize`,
    workspaceId,
    userId,
    channelId,
    now,
  });
  return { authorizeUrl };
}

/** A connect that cannot finish; its message is shown on the Channels page. */
export class MastodonConnectError extends Error {
  constructor(message: string) {
    super(message);
    this.name = "MastodonConnectError";
  }
}

/**
 * Finishes a connect on the callback: takes the pending authorization `state` names (once; unknown, expired, used
 * or another person's → OAuthStateError, nothing written), exchanges `code` with the PKCE verifier
 * (POST /oauth/token: https://docs.joinmastodon.org/methods/oauth/#token), reads the account
 * (GET /api/v1/accounts/verify_credentials) and the server's configuration (GET /api/v2/instance → config.limits,
 * readServerLimits), and creates the channel — or, for a reconnect, replaces that channel's credentials (the same
 * account only: another account is a MastodonConnectError; "needs reconnect" is cleared). The token is stored
 * encrypted; the account's id, acct, avatar and server in config; displayName and accountName "@acct@host",
 * avatarUrl, serverUrl (the server's origin) on the channel; a new channel takes the workspace's next colour
 * (pickChannelColor). Returns the channel id.
 */
export async function finishMastodonConnect({
  db,
  workspaceId,
  userId,
  code,
  state,
  outbound,
  now = new Date(),
}: {
  db: Db;
  workspaceId: string;
  userId: string | null;
  code: string;
  state: string;
  outbound: Outbound;
  now?: Date;
}): Promise<{ channelId: string }> {
  const pending = await consumeOAuthAuthorization({ db, platform: "MASTODON", state, workspaceId, userId, now });
  const { serverUrl, client } = pending;
  const token = await withClients(serverUrl, outbound, undefined, async ({ oauth }) => {
    try {
      // `codeVerifier` is sent as code_verifier (masto snake-cases the form's keys); masto's type omits it.
      const params = {
        grantType: "authorization_code" as const,
        clientId: client.clientId,
        clientSecret: client.clientSecret,
        redirectUri: client.redirectUri,
        code,
        codeVerifier: pending.verifier,
        scope: client.scopes,
      };
      return await oauth.token.create(params);
    } catch (err) {
      throw new MastodonConnectError(`${serverUrl} refused the sign-in: ${mastodonMessage(err)}`);
    }
  });
  const { account, instance } = await withClients(serverUrl, outbound, token.accessToken, async ({ rest }) => {
    try {
      const [account, instance] = await Promise.all([rest.v1.accounts.verifyCredentials(), rest.v2.instance.fetch()]);
      return { account, instance };
    } catch (err) {
      throw new MastodonConnectError(`${serverUrl} did not show the account: ${mastodonMessage(err)}`);
    }
  });
  const host = new URL(serverUrl).host;
  const acct = account.acct.includes("@") ? account.acct : `${account.acct}@${host}`;
  const { limits, supportedMimeTypes } = readServerLimits(instance);
  const fromServer = {
    serverUrl,
    accountId: account.id,
    acct,
    avatarUrl: httpUrlOrNull(account.avatar),
    serverVersion: String(instance.version ?? ""),
    serverSourceUrl: httpUrlOrNull(instance.sourceUrl),
    limits,
    supportedMimeTypes,
  };
  const credentialsEnc = encryptCredentials({ accessToken: token.accessToken, scope: token.scope ?? client.scopes });
  const displayName = `@${acct}`.slice(0, 100);
  const who = { accountName: `@${acct}`, avatarUrl: fromServer.avatarUrl, serverUrl };

  if (pending.channelId) {
    const channel = await db.channel.findFirst({
      where: { id: pending.channelId, workspaceId, deletedAt: null, platform: "MASTODON" },
    });
    if (!channel) throw new MastodonConnectError("the channel to reconnect no longer exists");
    const old = (channel.config ?? {}) as Record<string, unknown>;
    if (old.accountId && (old.accountId !== account.id || old.serverUrl !== serverUrl)) {
      // The token of the wrong account is not kept: give it back (best effort, POST /oauth/revoke).
      await withClients(serverUrl, outbound, undefined, ({ oauth }) =>
        oauth.revoke({ clientId: client.clientId, clientSecret: client.clientSecret, token: token.accessToken }),
      ).catch(() => undefined);
      throw new MastodonConnectError(
        `signed in as @${acct}, but this channel publishes as ${channel.displayName}: sign in with that account`,
      );
    }
    // The person's own settings (visibility, content warning, language) stay; the server's figures are refreshed.
    const config = { ...old, ...fromServer } as Prisma.InputJsonValue;
    // A new token is a reconnect: the refusal that put the channel in "needs reconnect" is over.
    await db.channel.update({
      where: { id: channel.id },
      data: { config, credentialsEnc, displayName, ...who, needsReconnectReason: null, needsReconnectAt: null },
    });
    return { channelId: channel.id };
  }
  const created = await db.channel.create({
    data: {
      workspaceId,
      platform: "MASTODON",
      displayName,
      color: await pickChannelColor({ db, workspaceId }),
      config: fromServer as Prisma.InputJsonValue,
      credentialsEnc,
      ...who,
    },
  });
  return { channelId: created.id };
}
