import { randomBytes, randomUUID } from "node:crypto";
import { encryptCredentials } from "@/lib/crypto/credentials";
import type { Db } from "@/lib/db/prisma";
import type { Platform } from "@/lib/generated/prisma/enums";
import { createPkcePair } from "@/lib/oauth/create-pkce-pair";
import type { OAuthClientApp } from "@/lib/oauth/get-or-register-oauth-client";
import { hashOAuthState } from "@/lib/oauth/hash-oauth-state";

/** How long a person has between "Connect" and coming back from the server's consent page. */
export const OAUTH_AUTHORIZATION_TTL_MS = 10 * 60_000;

/**
 * Starts an authorization-code flow (RFC 6749 §4.1), with PKCE (RFC 7636 S256) unless `pkce` is false: makes a
 * random `state` (32 bytes, base64url) and a PKCE pair, stores the pending authorization (OAuthAuthorization: the
 * state's SHA-256, the workspace and user who started it, the verifier encrypted — "" without PKCE —, the channel
 * to reconnect if any, expiring in 10 minutes; rows expired for over a day are deleted) and returns the URL to send
 * the browser to: `authorizeEndpoint` with client_id, redirect_uri, response_type=code, scope (`scope`, verbatim:
 * some platforms join scopes with commas; default the client's), state, code_challenge and
 * code_challenge_method=S256 (with PKCE), then `authorizeParams` (a platform's extra parameters; they cannot
 * replace the ones above).
 */
export async function startOAuthAuthorization({
  db,
  platform,
  client,
  authorizeEndpoint,
  workspaceId,
  userId,
  channelId,
  pkce: withPkce = true,
  scope = client.scopes,
  authorizeParams = {},
  now = new Date(),
}: {
  db: Db;
  platform: Platform;
  client: OAuthClientApp;
  authorizeEndpoint: string;
  workspaceId: string;
  userId: string;
  channelId: string | null;
  pkce?: boolean;
  scope?: string;
  authorizeParams?: Record<string, string>;
  now?: Date;
}): Promise<{ authorizeUrl: string; state: string; expiresAt: Date }> {
  const state = randomBytes(32).toString("base64url");
  const pkce = withPkce ? createPkcePair() : null;
  const expiresAt = new Date(now.getTime() + OAUTH_AUTHORIZATION_TTL_MS);
  // Authorizations nobody finished are useless a day after they expired: cleared here, so the table stays small.
  await db.oAuthAuthorization.deleteMany({ where: { expiresAt: { lt: new Date(now.getTime() - 86_400_000) } } });
  await db.oAuthAuthorization.create({
    data: {
      id: randomUUID(),
      stateHash: hashOAuthState(state),
      platform,
      workspaceId,
      userId,
      clientId: client.id,
      serverUrl: client.serverUrl,
      redirectUri: client.redirectUri,
      verifierEnc: encryptCredentials({ verifier: pkce?.verifier ?? "" }),
      channelId,
      expiresAt,
    },
  });
  const url = new URL(authorizeEndpoint);
  const query = new URLSearchParams(authorizeParams);
  const ours: Record<string, string> = {
    client_id: client.clientId,
    redirect_uri: client.redirectUri,
    response_type: "code",
    scope,
    state,
    ...(pkce ? { code_challenge: pkce.challenge, code_challenge_method: "S256" } : {}),
  };
  for (const [key, value] of Object.entries(ours)) query.set(key, value);
  url.search = query.toString();
  return { authorizeUrl: url.href, state, expiresAt };
}
