import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { getOAuthNetwork, oauthNetworkFor } from "@/lib/oauth/networks/get-oauth-network";
import { OAuthNetworkError } from "@/lib/oauth/networks/types";
import { createThreadsOAuthNetwork, THREADS_SCOPES } from "@/lib/publishing/networks/threads/oauth";
import { startThreadsStub } from "@/tests/helpers/threads-stub-setup";

// Threads' login (OAuthNetwork) against the stub: the Authorization Window, the code exchange, the long-lived token,
// the profile, and the token renewal (https://developers.facebook.com/docs/threads/get-started/…).

let stub: Awaited<ReturnType<typeof startThreadsStub>>;
let network: ReturnType<typeof createThreadsOAuthNetwork>;
const redirectUri = "https://cadence.example.test/api/channels/connect/threads/callback";
const signal = new AbortController().signal;

beforeAll(async () => {
  stub = await startThreadsStub();
  network = createThreadsOAuthNetwork({ settings: stub.settings, fetch: stub.fetch });
});
afterAll(() => stub.server.close());

/** What the generic connect flow does: the authorize URL, the person approves, the code comes back. */
async function approve(state = "st-123"): Promise<string> {
  const url = new URL(network.authorizeEndpoint());
  url.searchParams.set("client_id", stub.state.app.clientId);
  url.searchParams.set("redirect_uri", redirectUri);
  url.searchParams.set("scope", network.scopes);
  url.searchParams.set("response_type", "code");
  url.searchParams.set("state", state);
  const page = await fetch(url);
  expect(page.status).toBe(200);
  expect(await page.text()).toContain(THREADS_SCOPES);
  url.searchParams.set("approve", "yes");
  const back = await fetch(url, { redirect: "manual" });
  expect(back.status).toBe(302);
  const location = new URL(back.headers.get("location") ?? "");
  expect(`${location.origin}${location.pathname}`).toBe(redirectUri);
  expect(location.searchParams.get("state")).toBe(state);
  return location.searchParams.get("code") ?? "";
}

describe("the Threads login", () => {
  it("is registered for THREADS with the documented scopes, comma-separated, and no PKCE", () => {
    expect(getOAuthNetwork("THREADS")?.label).toBe("Threads");
    expect(oauthNetworkFor("THREADS")?.platform).toBe("THREADS");
    expect(network.scopes).toBe("threads_basic,threads_content_publish,threads_manage_insights");
    expect(network.pkce).toBe(false);
    expect(network.authorizeEndpoint()).toBe(`${stub.server.url}/oauth/authorize`);
    expect(network.app()).toEqual(stub.state.app);
  });

  it("exchanges the code for a short-lived token, then a long-lived one (60 days), and lists the one profile", async () => {
    const code = await approve();
    const app = stub.state.app;
    const before = Date.now();
    const tokens = await network.exchangeCode({ app, signal, code, verifier: "", redirectUri });

    const [exchange] = stub.server.received("POST", "/oauth/access_token");
    expect(Object.fromEntries(exchange?.form ?? [])).toEqual({
      client_id: app.clientId,
      client_secret: app.clientSecret,
      code,
      grant_type: "authorization_code",
      redirect_uri: redirectUri,
    });
    const [longLived] = stub.server.received("GET", "/access_token");
    expect(longLived?.query.get("grant_type")).toBe("th_exchange_token");
    expect(stub.state.tokens.get(tokens.accessToken)?.kind).toBe("long");
    expect(tokens.refreshToken).toBeNull();
    const expires = Date.parse(tokens.expiresAt ?? "");
    expect(expires - before).toBeGreaterThanOrEqual(5_183_944_000 - 1000);
    expect(expires - Date.now()).toBeLessThanOrEqual(5_183_944_000);

    const accounts = await network.listAccounts({ app, signal, tokens });
    expect(accounts).toEqual([
      {
        platform: "THREADS",
        accountId: stub.state.loginUserId,
        accountName: "@stub.threads",
        displayName: "Stub Threads",
        avatarUrl: "https://scontent.threads.example/profile.jpg",
        kind: "Threads profile",
        config: { userId: stub.state.loginUserId, username: "stub.threads" },
        credentials: tokens,
      },
    ]);
    expect(stub.server.received("GET", "/v1.0/me")[0]?.query.get("fields")).toBe(
      "id,username,name,threads_profile_picture_url",
    );
  });

  it("a code used twice or sent with another redirect URI is refused with Meta's message", async () => {
    const app = stub.state.app;
    const code = await approve();
    await network.exchangeCode({ app, signal, code, verifier: "", redirectUri });
    const again = await network.exchangeCode({ app, signal, code, verifier: "", redirectUri }).catch((e: unknown) => e);
    expect(again).toBeInstanceOf(OAuthNetworkError);
    expect((again as OAuthNetworkError).refused).toBe(true);
    expect((again as OAuthNetworkError).message).toContain("Error validating verification code");

    const other = await approve();
    const wrong = await network
      .exchangeCode({ app, signal, code: other, verifier: "", redirectUri: "https://elsewhere.test/cb" })
      .catch((e: unknown) => e);
    expect((wrong as OAuthNetworkError).refused).toBe(true);
  });

  it("a wrong app secret is refused", async () => {
    const code = await approve();
    const err = await network
      .exchangeCode({ app: { ...stub.state.app, clientSecret: "nope" }, signal, code, verifier: "", redirectUri })
      .catch((e: unknown) => e);
    expect(err).toBeInstanceOf(OAuthNetworkError);
    expect((err as OAuthNetworkError).message).toContain("Error validating client secret");
  });

  it("renews a long-lived token (th_refresh_token): a new token, 60 more days, the other credentials kept", async () => {
    const old = stub.state.issueToken(stub.state.loginUserId);
    const fresh = await network.refresh?.({
      app: stub.state.app,
      signal,
      credentials: { accessToken: old, expiresAt: new Date().toISOString(), refreshToken: null, scope: null, extra: 1 },
    });
    expect(fresh?.accessToken).not.toBe(old);
    expect(stub.state.tokens.has(fresh?.accessToken as string)).toBe(true);
    expect(Date.parse(fresh?.expiresAt as string)).toBeGreaterThan(Date.now() + 59 * 86_400_000);
    expect(fresh?.extra).toBe(1);
  });

  it("a renewal of an expired or unknown token is a refusal (the channel needs reconnecting)", async () => {
    const expired = stub.state.issueToken(stub.state.loginUserId, { expiresInSec: -1 });
    for (const accessToken of [expired, "THLLunknown"]) {
      const err = await network
        .refresh?.({ app: stub.state.app, signal, credentials: { accessToken } })
        .catch((e: unknown) => e);
      expect(err).toBeInstanceOf(OAuthNetworkError);
      expect((err as OAuthNetworkError).refused).toBe(true);
    }
  });

  it("Threads unreachable during a renewal is not a refusal (retried later)", async () => {
    stub.server.fail({ match: { method: "GET", path: "/refresh_access_token" }, fail: "drop-request" });
    const err = await network
      .refresh?.({
        app: stub.state.app,
        signal,
        credentials: { accessToken: stub.state.issueToken(stub.state.loginUserId) },
      })
      .catch((e: unknown) => e);
    expect(err).toBeInstanceOf(OAuthNetworkError);
    expect((err as OAuthNetworkError).refused).toBe(false);
  });
});
