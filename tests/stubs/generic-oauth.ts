import { createHash, randomBytes } from "node:crypto";
import type { Platform } from "@/lib/generated/prisma/enums";
import { consentPage, type StubRequest, type StubResponse, type StubRoute } from "./stub-server";

// A generic OAuth 2.0 provider for testing Cadence's connect flow and token refresher without any real platform's
// network in the registry (tests/helpers/test-oauth-network.ts is the OAuthNetwork that talks to it). It follows
// the standards every platform's login builds on, not one platform's extras:
// - GET  /oauth/authorize: the consent page (consentPage); the code remembers client_id, redirect_uri and the PKCE
//   challenge (RFC 6749 §4.1.1, RFC 7636 §4.3) — https://datatracker.ietf.org/doc/html/rfc6749#section-4.1
// - POST /oauth/token: authorization_code (RFC 6749 §4.1.3: code once, the same redirect_uri, client authenticated
//   by HTTP Basic or client_id/client_secret in the form, §2.3.1; code_verifier checked against the S256 challenge,
//   RFC 7636 §4.6) and refresh_token (§6; the refresh token rotates: the old one stops working). Errors are
//   §5.2 bodies: { error: "invalid_grant" | "invalid_client" | "unsupported_grant_type", error_description }.
// - GET  /me/accounts with Authorization: Bearer <access token> (RFC 6750): the accounts the login can publish as;
//   401 with WWW-Authenticate for an unknown token.

/** One account the stub's login brings. */
export type StubOAuthAccount = {
  id: string;
  platform: Platform;
  name: string;
  handle: string;
  kind: string;
  avatarUrl: string | null;
  /** Why it cannot be connected (e.g. an Instagram personal account), or null. */
  refusal: string | null;
};

export type GenericOAuthState = {
  app: { clientId: string; clientSecret: string };
  /** What the next login brings (tests change it between logins). */
  accounts: StubOAuthAccount[];
  /** Lifetime of issued access tokens, seconds. */
  expiresIn: number;
  codes: Map<string, { clientId: string; redirectUri: string; challenge: string | null; used: boolean }>;
  /** access token → the accounts it lists. */
  accessTokens: Map<string, StubOAuthAccount[]>;
  /** refresh token → still valid. */
  refreshTokens: Map<string, boolean>;
  /** Every code exchange: whether it carried a code_verifier and whether it matched. */
  exchanges: { verifierSent: boolean; verified: boolean | null }[];
  /** Successful refresh grants. */
  refreshes: number;
  /** How long the token endpoint takes to answer (ms): lets two refreshers overlap. */
  tokenDelayMs: number;
};

const token = (prefix: string) => `${prefix}_${randomBytes(16).toString("base64url")}`;

function oauthError(status: number, error: string, description: string): StubResponse {
  return { status, json: { error, error_description: description } };
}

/** A fresh generic OAuth provider: its routes and its state. */
export function genericOAuthStub(app = { clientId: "test-client", clientSecret: "test-secret" }) {
  const state: GenericOAuthState = {
    app,
    accounts: [],
    expiresIn: 5_184_000, // 60 days, like Meta's and LinkedIn's long-lived tokens
    codes: new Map(),
    accessTokens: new Map(),
    refreshTokens: new Map(),
    exchanges: [],
    refreshes: 0,
    tokenDelayMs: 0,
  };

  const issueTokens = (accounts: StubOAuthAccount[]): StubResponse => {
    const access = token("at");
    const refresh = token("rt");
    state.accessTokens.set(access, accounts);
    state.refreshTokens.set(refresh, true);
    return {
      json: {
        access_token: access,
        token_type: "bearer",
        expires_in: state.expiresIn,
        refresh_token: refresh,
        scope: "publish read",
      },
    };
  };

  const clientOf = (req: StubRequest): { id: string | null; secret: string | null } => {
    const basic = /^Basic (.+)$/i.exec(String(req.headers.authorization ?? ""));
    if (basic?.[1]) {
      const [id, secret] = Buffer.from(basic[1], "base64").toString("utf8").split(":");
      return { id: decodeURIComponent(id ?? ""), secret: decodeURIComponent(secret ?? "") };
    }
    return { id: req.form?.get("client_id") ?? null, secret: req.form?.get("client_secret") ?? null };
  };

  const routes: StubRoute[] = [
    {
      method: "GET",
      path: "/oauth/authorize",
      handle: (req) =>
        consentPage(req, (q) => {
          const code = token("code");
          state.codes.set(code, {
            clientId: q.get("client_id") ?? "",
            redirectUri: q.get("redirect_uri") ?? "",
            challenge: q.get("code_challenge_method") === "S256" ? (q.get("code_challenge") ?? null) : null,
            used: false,
          });
          return code;
        }),
    },
    {
      method: "POST",
      path: "/oauth/token",
      handle: async (req) => {
        if (state.tokenDelayMs > 0) await new Promise((r) => setTimeout(r, state.tokenDelayMs));
        const form = req.form;
        if (!form) return oauthError(400, "invalid_request", "the body must be application/x-www-form-urlencoded");
        const client = clientOf(req);
        if (client.id !== state.app.clientId || client.secret !== state.app.clientSecret) {
          return oauthError(401, "invalid_client", "Client authentication failed");
        }
        const grant = form.get("grant_type");
        if (grant === "authorization_code") {
          const code = state.codes.get(form.get("code") ?? "");
          if (!code || code.used) return oauthError(400, "invalid_grant", "The authorization code is invalid or used");
          code.used = true;
          if (code.redirectUri !== form.get("redirect_uri")) {
            return oauthError(400, "invalid_grant", "redirect_uri does not match the authorization request");
          }
          const verifier = form.get("code_verifier");
          const verified =
            code.challenge === null
              ? null
              : createHash("sha256")
                  .update(verifier ?? "")
                  .digest("base64url") === code.challenge;
          state.exchanges.push({ verifierSent: verifier !== null, verified });
          if (verified === false) return oauthError(400, "invalid_grant", "code_verifier does not match the challenge");
          return issueTokens(state.accounts);
        }
        if (grant === "refresh_token") {
          const refresh = form.get("refresh_token") ?? "";
          if (state.refreshTokens.get(refresh) !== true) {
            return oauthError(400, "invalid_grant", "The refresh token was revoked by the user");
          }
          state.refreshTokens.set(refresh, false);
          state.refreshes += 1;
          return issueTokens(state.accounts);
        }
        return oauthError(400, "unsupported_grant_type", `grant_type ${grant} is not supported`);
      },
    },
    {
      method: "GET",
      path: "/me/accounts",
      handle: (req) => {
        const bearer = /^Bearer (.+)$/i.exec(String(req.headers.authorization ?? ""))?.[1] ?? "";
        const accounts = state.accessTokens.get(bearer);
        if (!accounts) {
          return {
            status: 401,
            headers: { "www-authenticate": 'Bearer error="invalid_token"' },
            json: { error: "invalid_token", error_description: "The access token is invalid" },
          };
        }
        return { json: { accounts } };
      },
    },
  ];
  return { routes, state };
}
