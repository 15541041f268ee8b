import { createGuardedFetch } from "@/lib/net/create-guarded-fetch";
import { httpUrlOrNull } from "@/lib/net/http-url-or-null";
import {
  type ConnectableAccount,
  type OAuthNetwork,
  OAuthNetworkError,
  type OAuthTokens,
} from "@/lib/oauth/networks/types";
import {
  THREADS_API_VERSION,
  type ThreadsSettings,
  threadsSettingsFromEnv,
} from "@/lib/publishing/networks/threads/settings";
import { ThreadsApiError, threadsRequest } from "@/lib/publishing/networks/threads/threads-graph";

/**
 * The permissions Cadence asks for, comma-separated as the Authorization Window documents them
 * (https://developers.facebook.com/docs/threads/get-started/get-access-tokens-and-permissions): threads_basic
 * (required for every endpoint), threads_content_publish (containers and threads_publish), threads_manage_insights
 * (post insights and follower count for metrics).
 */
export const THREADS_SCOPES = "threads_basic,threads_content_publish,threads_manage_insights";

const toIso = (seconds: unknown, now: number) =>
  typeof seconds === "number" && Number.isFinite(seconds) && seconds > 0
    ? new Date(now + seconds * 1000).toISOString()
    : null;

/** A token-endpoint failure as OAuthNetworkError: Meta's message; refused for 4xx (a bad/used code, code 190). */
function oauthError(err: unknown, what: string): OAuthNetworkError {
  if (err instanceof ThreadsApiError) {
    const status = err.httpStatus;
    const code = err.graph?.code ?? null;
    // Rate limits (4, 17, 32, 613) and temporary errors (1, 2) come as 4xx too: those are not refusals.
    const passing = code !== null && [1, 2, 4, 17, 32, 613].includes(code);
    const refused = status !== undefined && status >= 400 && status < 500 && status !== 429 && !passing;
    return new OAuthNetworkError(`${what}: ${err.message}`, { refused, httpStatus: status });
  }
  return new OAuthNetworkError(`${what}: ${(err as Error).message}`);
}

type LongLived = { access_token?: unknown; expires_in?: unknown };

/**
 * Threads' login (OAuthNetwork), stored and creating channels under THREADS:
 * - authorize: {THREADS_AUTH_URL}/oauth/authorize with client_id, redirect_uri, scope, response_type=code, state
 *   (https://developers.facebook.com/docs/threads/get-started/get-access-tokens-and-permissions). PKCE: that page
 *   documents exactly those parameters for the Authorization Window and client_id, client_secret, code, grant_type,
 *   redirect_uri for POST /oauth/access_token — no code_challenge or code_verifier — so `pkce` is false; the
 *   `state` parameter and the app secret (server-side only) protect the flow.
 * - exchangeCode: POST {THREADS_API_URL}/oauth/access_token → a short-lived token (1 hour) and user_id, then at once
 *   GET /access_token?grant_type=th_exchange_token → the long-lived token (60 days, `expires_in` seconds)
 *   (https://developers.facebook.com/docs/threads/get-started/long-lived-tokens). There is no refresh token: the
 *   long-lived token renews itself.
 * - listAccounts: GET /v1.0/me?fields=id,username,name,threads_profile_picture_url — one login is one profile.
 * - refresh: GET /refresh_access_token?grant_type=th_refresh_token with the current token (it must be unexpired and
 *   at least 24 hours old) → a token valid 60 more days. A 4xx (code 190: expired or revoked) is a refusal.
 */
export function createThreadsOAuthNetwork({
  settings = threadsSettingsFromEnv,
  fetch = createGuardedFetch(),
  now = () => Date.now(),
}: {
  settings?: () => ThreadsSettings;
  fetch?: typeof globalThis.fetch;
  now?: () => number;
} = {}): OAuthNetwork {
  return {
    platform: "THREADS",
    channelPlatforms: ["THREADS"],
    label: "Threads",
    settings: ["THREADS_APP_ID", "THREADS_APP_SECRET"],
    app: () => settings().app,
    authorizeEndpoint: () => `${settings().authUrl}/oauth/authorize`,
    scopes: THREADS_SCOPES,
    pkce: false,

    async exchangeCode({ app, signal, code, redirectUri }) {
      const base = settings().apiUrl;
      let short: { access_token?: unknown; user_id?: unknown };
      try {
        short = await threadsRequest({
          method: "POST",
          base,
          path: "/oauth/access_token",
          params: {
            client_id: app.clientId,
            client_secret: app.clientSecret,
            code,
            grant_type: "authorization_code",
            redirect_uri: redirectUri,
          },
          fetch,
          signal,
        });
      } catch (err) {
        throw oauthError(err, "Threads refused the authorization code");
      }
      if (typeof short.access_token !== "string" || short.access_token === "") {
        throw new OAuthNetworkError("Threads answered the code exchange without an access token");
      }
      let long: LongLived;
      try {
        long = await threadsRequest({
          method: "GET",
          base,
          path: "/access_token",
          params: {
            grant_type: "th_exchange_token",
            client_secret: app.clientSecret,
            access_token: short.access_token,
          },
          fetch,
          signal,
        });
      } catch (err) {
        throw oauthError(err, "Threads refused to exchange the token for a long-lived one");
      }
      if (typeof long.access_token !== "string" || long.access_token === "") {
        throw new OAuthNetworkError("Threads answered the long-lived token exchange without an access token");
      }
      return {
        accessToken: long.access_token,
        refreshToken: null,
        expiresAt: toIso(long.expires_in, now()),
        scope: null,
      };
    },

    async listAccounts({ signal, tokens }): Promise<ConnectableAccount[]> {
      let me: Record<string, unknown>;
      try {
        me = await threadsRequest({
          method: "GET",
          base: settings().apiUrl,
          path: `/${THREADS_API_VERSION}/me`,
          params: { fields: "id,username,name,threads_profile_picture_url", access_token: tokens.accessToken },
          fetch,
          signal,
        });
      } catch (err) {
        throw oauthError(err, "reading the Threads profile failed");
      }
      const id = typeof me.id === "string" ? me.id : typeof me.id === "number" ? String(me.id) : null;
      if (!id || !/^\d+$/.test(id)) throw new OAuthNetworkError("Threads answered /me without a profile id");
      const username = typeof me.username === "string" && me.username !== "" ? me.username : null;
      const name = typeof me.name === "string" && me.name.trim() !== "" ? me.name.trim() : null;
      const credentials: OAuthTokens = { ...tokens };
      return [
        {
          platform: "THREADS",
          accountId: id,
          accountName: username ? `@${username}` : id,
          displayName: (name ?? (username ? `@${username}` : `Threads ${id}`)).slice(0, 100),
          avatarUrl: httpUrlOrNull(me.threads_profile_picture_url),
          kind: "Threads profile",
          config: { userId: id, ...(username ? { username } : {}) },
          credentials,
        },
      ];
    },

    async refresh({ signal, credentials }) {
      const token = credentials.accessToken;
      if (typeof token !== "string" || token === "") {
        throw new OAuthNetworkError("no Threads access token is stored", { refused: true });
      }
      let fresh: LongLived;
      try {
        fresh = await threadsRequest({
          method: "GET",
          base: settings().apiUrl,
          path: "/refresh_access_token",
          params: { grant_type: "th_refresh_token", access_token: token },
          fetch,
          signal,
        });
      } catch (err) {
        throw oauthError(err, "Threads refused to renew the access token");
      }
      if (typeof fresh.access_token !== "string" || fresh.access_token === "") {
        throw new OAuthNetworkError("Threads answered the token renewal without an access token");
      }
      return { ...credentials, accessToken: fresh.access_token, expiresAt: toIso(fresh.expires_in, now()) };
    },
  };
}

/** Threads' login with the process's settings and outbound guard. */
export const threadsOAuthNetwork: OAuthNetwork = createThreadsOAuthNetwork();
