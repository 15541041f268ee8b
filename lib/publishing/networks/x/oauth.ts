import { ApiResponseError } from "twitter-api-v2";
import type { OutboundPolicy, Resolve } from "@/lib/net/outbound-guard";
import { outboundPolicyFromEnv } from "@/lib/net/outbound-policy-from-env";
import {
  type ConnectableAccount,
  type OAuthApp,
  type OAuthNetwork,
  OAuthNetworkError,
  type OAuthTokens,
} from "@/lib/oauth/networks/types";
import { createXAppClient, createXUserClient, type XClientOptions } from "@/lib/publishing/networks/x/client";
import { type XSettings, xSettingsFromEnv } from "@/lib/publishing/networks/x/config";
import { xHttpStatus, xMessage } from "@/lib/publishing/networks/x/map-x-error";

// X's OAuth 2.0 authorization code flow with PKCE, as a confidential client:
// https://docs.x.com/fundamentals/authentication/oauth-2-0/authorization-code and
// https://docs.x.com/fundamentals/authentication/oauth-2-0/user-access-token.

/** What Cadence asks X for: read and write posts, read the account, upload media, and a refresh token. */
export const X_SCOPES = ["tweet.read", "tweet.write", "users.read", "media.write", "offline.access"] as const;

/** The token endpoint's answer (RFC 6749 §5.1 as X gives it). */
type TokenAnswer = {
  token_type?: string;
  access_token?: unknown;
  refresh_token?: unknown;
  expires_in?: unknown;
  scope?: unknown;
};

export type XOAuthOptions = {
  settings?: () => XSettings;
  policy?: () => OutboundPolicy;
  resolve?: Resolve;
  now?: () => Date;
};

/**
 * The tokens of a token-endpoint answer (access token required; expires_in seconds → expiresAt ISO 8601).
 * Throws OAuthNetworkError when the answer has no access token.
 */
function tokensOf(answer: TokenAnswer, now: Date): OAuthTokens {
  if (typeof answer.access_token !== "string" || answer.access_token === "") {
    throw new OAuthNetworkError("X's token endpoint answered without an access token");
  }
  const expiresIn = Number(answer.expires_in);
  return {
    accessToken: answer.access_token,
    refreshToken: typeof answer.refresh_token === "string" && answer.refresh_token ? answer.refresh_token : null,
    expiresAt:
      Number.isFinite(expiresIn) && expiresIn > 0 ? new Date(now.getTime() + expiresIn * 1000).toISOString() : null,
    scope: typeof answer.scope === "string" ? answer.scope : null,
  };
}

/**
 * An X token-endpoint failure as OAuthNetworkError with X's words: a 400 or 401 answer (invalid_request /
 * invalid_grant: the code or refresh token is not valid any more, the app's credentials are wrong) is `refused`;
 * anything else (5xx, 429, no answer) is not.
 */
function tokenError(err: unknown, what: string): OAuthNetworkError {
  const status = xHttpStatus(err);
  const refused = err instanceof ApiResponseError && (status === 400 || status === 401);
  return new OAuthNetworkError(`${what}: ${xMessage(err)}`, { refused, httpStatus: status });
}

/**
 * The X login (Platform TWITTER), through twitter-api-v2 and the outbound guard (client.ts).
 * - authorize: {X_AUTH_URL}/i/oauth2/authorize with PKCE S256 and the scopes X_SCOPES;
 * - exchangeCode: POST {X_API_URL}/2/oauth2/token, form-encoded grant_type=authorization_code, code, redirect_uri,
 *   code_verifier, client_id, with HTTP Basic auth (Client ID : Client Secret);
 * - listAccounts: GET /2/users/me?user.fields=profile_image_url → one account (id, @username, name, picture);
 * - refresh: grant_type=refresh_token. X rotates refresh tokens (each one works once), so the new one is stored;
 *   a 400/401 answer (the token was used, revoked, or expired: refresh tokens live about 6 months) is refused.
 */
export function createXOAuthNetwork({
  settings = xSettingsFromEnv,
  policy = outboundPolicyFromEnv,
  resolve,
  now = () => new Date(),
}: XOAuthOptions = {}): OAuthNetwork {
  const clientOptions = (signal: AbortSignal): XClientOptions => ({
    apiUrl: settings().apiUrl,
    policy: policy(),
    resolve,
    signal,
  });

  async function requestTokens(app: OAuthApp, params: Record<string, string>, signal: AbortSignal, what: string) {
    const client = createXAppClient(app, clientOptions(signal));
    try {
      // The token endpoint takes a form body (application/x-www-form-urlencoded): forced, since twitter-api-v2
      // 1.29's own loginWithOAuth2 / refreshOAuth2Token send JSON there (and the client secret in the body too).
      const answer = await client.post<TokenAnswer>(
        "https://api.x.com/2/oauth2/token",
        { ...params, client_id: app.clientId },
        { forceBodyMode: "url" },
      );
      return tokensOf(answer, now());
    } catch (err) {
      if (err instanceof OAuthNetworkError) throw err;
      throw tokenError(err, what);
    }
  }

  return {
    platform: "TWITTER",
    channelPlatforms: ["TWITTER"],
    label: "X",
    settings: ["X_CLIENT_ID", "X_CLIENT_SECRET"],
    app: () => settings().app,
    authorizeEndpoint: () => new URL("/i/oauth2/authorize", settings().authUrl).href,
    scopes: X_SCOPES.join(" "),
    pkce: true,

    exchangeCode: ({ app, signal, code, verifier, redirectUri }) =>
      requestTokens(
        app,
        { grant_type: "authorization_code", code, redirect_uri: redirectUri, code_verifier: verifier },
        signal,
        "X refused the authorization code",
      ),

    async listAccounts({ signal, tokens }): Promise<ConnectableAccount[]> {
      const client = createXUserClient(tokens.accessToken, clientOptions(signal));
      let me: { id: string; username: string; name?: string; profile_image_url?: string };
      try {
        ({ data: me } = await client.v2.me({ "user.fields": ["profile_image_url"] }));
      } catch (err) {
        throw new OAuthNetworkError(`reading the X account: ${xMessage(err)}`, {
          refused: xHttpStatus(err) === 401,
          httpStatus: xHttpStatus(err),
        });
      }
      if (!me?.id || !me.username) throw new OAuthNetworkError("X's /2/users/me answered without an id or username");
      const avatar = typeof me.profile_image_url === "string" && /^https:\/\//.test(me.profile_image_url);
      return [
        {
          platform: "TWITTER",
          accountId: me.id,
          accountName: `@${me.username}`,
          displayName: (me.name?.trim() || `@${me.username}`).slice(0, 100),
          avatarUrl: avatar ? (me.profile_image_url ?? null) : null,
          kind: "X account",
          config: { userId: me.id, username: me.username },
          credentials: { ...tokens },
        },
      ];
    },

    async refresh({ app, signal, credentials }) {
      const refreshToken = credentials.refreshToken;
      if (typeof refreshToken !== "string" || refreshToken === "") {
        throw new OAuthNetworkError("this X channel has no refresh token: connect it again", { refused: true });
      }
      const tokens = await requestTokens(
        app,
        { grant_type: "refresh_token", refresh_token: refreshToken },
        signal,
        "renewing the X token",
      );
      // X rotates the refresh token; keep the old one only if (against its documentation) none came back.
      return { ...credentials, ...tokens, refreshToken: tokens.refreshToken ?? refreshToken };
    },
  };
}

/** The X login with the process's settings (X_*) and outbound policy. */
export const xOAuthNetwork: OAuthNetwork = createXOAuthNetwork();
