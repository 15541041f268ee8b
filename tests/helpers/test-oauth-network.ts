import type { Platform } from "@/lib/generated/prisma/enums";
import {
  type ConnectableAccount,
  type OAuthApp,
  type OAuthNetwork,
  OAuthNetworkError,
  type OAuthTokens,
} from "@/lib/oauth/networks/types";
import type { StubOAuthAccount } from "@/tests/stubs/generic-oauth";

type TokenAnswer = { access_token: string; refresh_token?: string; expires_in?: number; scope?: string };

async function tokenRequest(url: string, app: OAuthApp, form: Record<string, string>, signal: AbortSignal) {
  const res = await fetch(`${url}/oauth/token`, {
    method: "POST",
    headers: {
      "content-type": "application/x-www-form-urlencoded",
      authorization: `Basic ${Buffer.from(`${app.clientId}:${app.clientSecret}`).toString("base64")}`,
    },
    body: new URLSearchParams(form),
    signal,
  });
  const body = (await res.json()) as TokenAnswer & { error?: string; error_description?: string };
  if (!res.ok) {
    throw new OAuthNetworkError(body.error_description ?? body.error ?? `HTTP ${res.status}`, {
      refused: body.error === "invalid_grant",
      httpStatus: res.status,
    });
  }
  const tokens: OAuthTokens = {
    accessToken: body.access_token,
    refreshToken: body.refresh_token ?? null,
    expiresAt: body.expires_in ? new Date(Date.now() + body.expires_in * 1000).toISOString() : null,
    scope: body.scope ?? null,
  };
  return tokens;
}

/**
 * A test-only OAuthNetwork (no real platform's) against tests/stubs/generic-oauth.ts at `url()`: Meta-shaped by
 * default (stored under FACEBOOK, creating FACEBOOK and INSTAGRAM channels, comma-joined scopes). Its fields are
 * plain properties, so a test can switch PKCE off or the app credentials to null.
 */
export function createTestOAuthNetwork({
  url,
  platform = "FACEBOOK",
  channelPlatforms = ["FACEBOOK", "INSTAGRAM"],
  label = "Test Meta",
}: {
  url: () => string;
  platform?: Platform;
  channelPlatforms?: Platform[];
  label?: string;
}) {
  const network: OAuthNetwork & { appCredentials: OAuthApp | null } = {
    platform,
    channelPlatforms,
    label,
    settings: ["TEST_CLIENT_ID", "TEST_CLIENT_SECRET"],
    appCredentials: { clientId: "test-client", clientSecret: "test-secret" },
    app() {
      return this.appCredentials;
    },
    authorizeEndpoint: () => `${url()}/oauth/authorize`,
    scopes: "pages_manage_posts,instagram_content_publish",
    pkce: true,
    authorizeParams: { auth_type: "rerequest" },
    exchangeCode: ({ app, code, verifier, redirectUri, signal }) =>
      tokenRequest(
        url(),
        app,
        {
          grant_type: "authorization_code",
          code,
          redirect_uri: redirectUri,
          ...(network.pkce ? { code_verifier: verifier } : {}),
        },
        signal,
      ),
    async listAccounts({ tokens, signal }) {
      const res = await fetch(`${url()}/me/accounts`, {
        headers: { authorization: `Bearer ${tokens.accessToken}` },
        signal,
      });
      const body = (await res.json()) as { accounts?: StubOAuthAccount[]; error_description?: string };
      if (!res.ok) {
        throw new OAuthNetworkError(body.error_description ?? `HTTP ${res.status}`, {
          refused: res.status === 401,
          httpStatus: res.status,
        });
      }
      return (body.accounts ?? []).map(
        (a): ConnectableAccount => ({
          platform: a.platform,
          accountId: a.id,
          accountName: a.handle,
          displayName: a.name,
          avatarUrl: a.avatarUrl,
          kind: a.kind,
          config: { handle: a.handle },
          credentials: { ...tokens, pageToken: `page-${a.id}` },
          refusal: a.refusal,
        }),
      );
    },
    async refresh({ app, credentials, signal }) {
      const refreshToken = credentials.refreshToken;
      if (typeof refreshToken !== "string") throw new OAuthNetworkError("no refresh token", { refused: true });
      const tokens = await tokenRequest(
        url(),
        app,
        { grant_type: "refresh_token", refresh_token: refreshToken },
        signal,
      );
      return { ...credentials, ...tokens };
    },
  };
  return network;
}
