import { createHash } from "node:crypto";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { parseAllowCidrs } from "@/lib/net/outbound-guard";
import { createPkcePair } from "@/lib/oauth/create-pkce-pair";
import { getOAuthNetwork, oauthNetworkFor } from "@/lib/oauth/networks/get-oauth-network";
import { OAuthNetworkError } from "@/lib/oauth/networks/types";
import type { XSettings } from "@/lib/publishing/networks/x/config";
import { createXOAuthNetwork } from "@/lib/publishing/networks/x/oauth";
import { type StubServer, startStubServer } from "@/tests/stubs/stub-server";
import { createXStub, type XStubState } from "@/tests/stubs/x";

// The X login (OAuthNetwork for TWITTER) against the X stub: authorize with PKCE, exchange the code, list the
// account, refresh (X rotates refresh tokens).

let server: StubServer;
let stub: XStubState;
let settings: XSettings;
const redirectUri = "https://cadence.example/api/channels/connect/twitter/callback";
const allowLoopback = () => ({ allowCidrs: parseAllowCidrs("127.0.0.1/32") });
const signal = () => new AbortController().signal;
const network = () => createXOAuthNetwork({ settings: () => settings, policy: allowLoopback });

beforeAll(async () => {
  const created = createXStub();
  stub = created.state;
  server = await startStubServer(created.routes);
  settings = { apiUrl: server.url, authUrl: server.url, app: { ...stub.app } };
});
afterAll(() => server.close());
beforeEach(() => server.reset());

/** Runs the consent page as a person who clicks "Authorize": the code from the redirect's query. */
async function authorize(challenge: string, state = "st4te"): Promise<string> {
  const n = network();
  const url = new URL(n.authorizeEndpoint());
  url.search = new URLSearchParams({
    client_id: stub.app.clientId,
    redirect_uri: redirectUri,
    response_type: "code",
    scope: n.scopes,
    state,
    code_challenge: challenge,
    code_challenge_method: "S256",
    approve: "yes",
  }).toString();
  const res = await fetch(url, { redirect: "manual" });
  expect(res.status).toBe(302);
  const back = new URL(res.headers.get("location") ?? "");
  expect(back.searchParams.get("state")).toBe(state);
  return back.searchParams.get("code") ?? "";
}

describe("the X login", () => {
  it("is registered for TWITTER, asks for X's scopes with PKCE at X_AUTH_URL/i/oauth2/authorize", () => {
    expect(getOAuthNetwork("TWITTER")?.label).toBe("X");
    expect(oauthNetworkFor("TWITTER")?.channelPlatforms).toEqual(["TWITTER"]);
    const n = network();
    expect(n.authorizeEndpoint()).toBe(`${server.url}/i/oauth2/authorize`);
    expect(n.scopes).toBe("tweet.read tweet.write users.read media.write offline.access");
    expect(n.pkce).toBe(true);
    expect(n.settings).toEqual(["X_CLIENT_ID", "X_CLIENT_SECRET"]);
    expect(createXOAuthNetwork({ settings: () => ({ ...settings, app: null }) }).app()).toBeNull();
  });

  it("exchanges the code (Basic auth, form body, the PKCE verifier) and lists the one account", async () => {
    const pkce = createPkcePair();
    const code = await authorize(pkce.challenge);
    const n = network();
    const before = Date.now();
    const tokens = await n.exchangeCode({
      app: stub.app,
      signal: signal(),
      code,
      verifier: pkce.verifier,
      redirectUri,
    });
    expect(stub.accessTokens.has(tokens.accessToken)).toBe(true);
    expect(stub.refreshTokens.has(String(tokens.refreshToken))).toBe(true);
    expect(tokens.scope).toBe("tweet.read tweet.write users.read media.write offline.access");
    // expires_in 7200 s from now.
    const expires = Date.parse(String(tokens.expiresAt));
    expect(expires).toBeGreaterThanOrEqual(before + 7_200_000 - 1000);
    expect(expires).toBeLessThanOrEqual(Date.now() + 7_200_000);

    const sent = server.received("POST", "/2/oauth2/token")[0];
    expect(sent?.headers["content-type"]).toMatch(/^application\/x-www-form-urlencoded/);
    expect(String(sent?.headers.authorization)).toBe(
      `Basic ${Buffer.from(`${stub.app.clientId}:${stub.app.clientSecret}`).toString("base64")}`,
    );
    expect(Object.fromEntries(sent?.form ?? [])).toEqual({
      grant_type: "authorization_code",
      code,
      redirect_uri: redirectUri,
      code_verifier: pkce.verifier,
      client_id: stub.app.clientId,
    });

    const accounts = await n.listAccounts({ app: stub.app, signal: signal(), tokens });
    expect(accounts).toEqual([
      {
        platform: "TWITTER",
        accountId: "1500000000000000001",
        accountName: "@cadence_stub",
        displayName: "Cadence Stub",
        avatarUrl: "https://pbs.twimg.com/profile_images/1500000000000000001/avatar_normal.jpg",
        kind: "X account",
        config: { userId: "1500000000000000001", username: "cadence_stub" },
        credentials: tokens,
      },
    ]);
    expect(server.received("GET", "/2/users/me")[0]?.query.get("user.fields")).toBe("profile_image_url");
  });

  it("a code used twice, or with the wrong verifier, is refused with X's words", async () => {
    const pkce = createPkcePair();
    const code = await authorize(pkce.challenge);
    const n = network();
    const wrong = await n
      .exchangeCode({ app: stub.app, signal: signal(), code, verifier: createPkcePair().verifier, redirectUri })
      .catch((e: unknown) => e);
    expect(wrong).toBeInstanceOf(OAuthNetworkError);
    expect((wrong as OAuthNetworkError).refused).toBe(true);
    expect((wrong as OAuthNetworkError).message).toContain("Value passed for the authorization code was invalid.");
    await n.exchangeCode({ app: stub.app, signal: signal(), code, verifier: pkce.verifier, redirectUri });
    const again = await n
      .exchangeCode({ app: stub.app, signal: signal(), code, verifier: pkce.verifier, redirectUri })
      .catch((e: unknown) => e);
    expect((again as OAuthNetworkError).httpStatus).toBe(400);
  });

  it("wrong app credentials are refused (401 at the token endpoint)", async () => {
    const pkce = createPkcePair();
    const code = await authorize(pkce.challenge);
    const error = await network()
      .exchangeCode({
        app: { clientId: stub.app.clientId, clientSecret: "not-the-secret" },
        signal: signal(),
        code,
        verifier: pkce.verifier,
        redirectUri,
      })
      .catch((e: unknown) => e);
    expect((error as OAuthNetworkError).httpStatus).toBe(401);
    expect((error as OAuthNetworkError).message).toContain("Missing valid authorization header");
  });

  it("the consent page refuses a plain PKCE challenge", async () => {
    const url = new URL(network().authorizeEndpoint());
    url.search = new URLSearchParams({
      client_id: stub.app.clientId,
      redirect_uri: redirectUri,
      response_type: "code",
      scope: "tweet.read",
      state: "s",
      code_challenge: "plain-challenge",
      code_challenge_method: "plain",
    }).toString();
    expect((await fetch(url, { redirect: "manual" })).status).toBe(400);
    // The S256 challenge of a verifier, as RFC 7636 §4.2 computes it, is what the stub checks later.
    const { verifier, challenge } = createPkcePair();
    expect(createHash("sha256").update(verifier).digest("base64url")).toBe(challenge);
  });

  it("refresh stores X's new refresh token; the old one is then refused (rotation)", async () => {
    const issued = stub.issueTokens("1500000000000000001", { expiresInSec: 10 });
    const n = network();
    const credentials = {
      accessToken: issued.accessToken,
      refreshToken: issued.refreshToken,
      expiresAt: new Date(Date.now() + 10_000).toISOString(),
      scope: "tweet.read",
      extra: "kept",
    };
    const renewed = await n.refresh?.({ app: stub.app, signal: signal(), credentials });
    expect(renewed?.accessToken).not.toBe(issued.accessToken);
    expect(renewed?.refreshToken).not.toBe(issued.refreshToken);
    expect(stub.refreshTokens.has(String(renewed?.refreshToken))).toBe(true);
    expect(renewed?.extra).toBe("kept");
    expect(Object.fromEntries(server.received("POST", "/2/oauth2/token")[0]?.form ?? [])).toEqual({
      grant_type: "refresh_token",
      refresh_token: issued.refreshToken,
      client_id: stub.app.clientId,
    });
    const reused = await n.refresh?.({ app: stub.app, signal: signal(), credentials }).catch((e: unknown) => e);
    expect(reused).toBeInstanceOf(OAuthNetworkError);
    expect((reused as OAuthNetworkError).refused).toBe(true);
    expect((reused as OAuthNetworkError).message).toContain("Value passed for the token was invalid.");
  });

  it("an X that does not answer is not a refusal (the refresh is tried again later)", async () => {
    server.fail({ match: { method: "POST", path: "/2/oauth2/token" }, fail: "drop-request" });
    const issued = stub.issueTokens("1500000000000000001");
    const error = await network()
      .refresh?.({ app: stub.app, signal: signal(), credentials: { ...issued } })
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(OAuthNetworkError);
    expect((error as OAuthNetworkError).refused).toBe(false);
  });

  it("an X API address outside the allowed ones is refused before anything is sent", async () => {
    const strict = createXOAuthNetwork({ settings: () => settings, policy: () => ({ allowCidrs: [] }) });
    const error = await strict
      .listAccounts({
        app: stub.app,
        signal: signal(),
        tokens: { accessToken: "t", refreshToken: null, expiresAt: null, scope: null },
      })
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(OAuthNetworkError);
    expect((error as Error).message).toMatch(/loopback/);
    expect(server.requests).toHaveLength(0);
  });
});
