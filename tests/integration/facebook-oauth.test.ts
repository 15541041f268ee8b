import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { getOAuthNetwork, oauthNetworkFor } from "@/lib/oauth/networks/get-oauth-network";
import { OAuthNetworkError } from "@/lib/oauth/networks/types";
import { createMetaOAuthNetwork } from "@/lib/publishing/networks/facebook/oauth";
import { META_GRAPH_VERSION } from "@/lib/publishing/networks/meta/graph-version";
import { startMetaStub } from "@/tests/helpers/facebook-stub-setup";
import type { MetaStubState } from "@/tests/stubs/meta";
import type { StubServer } from "@/tests/stubs/stub-server";

// Meta's login (Facebook Pages + Instagram professional accounts) against the Meta stub (tests/stubs/meta.ts).

const REDIRECT = "https://cadence.example/api/channels/connect/facebook/callback";
let stub: StubServer;
let state: MetaStubState;
let network: ReturnType<typeof createMetaOAuthNetwork>;
let loginConfigId: string | undefined;

beforeAll(async () => {
  const meta = await startMetaStub({ loginConfigId: () => loginConfigId });
  state = meta.state;
  stub = meta.server;
  network = createMetaOAuthNetwork({ fetch: meta.fetch, settings: meta.settings });
});
afterAll(() => stub.close());
beforeEach(() => {
  stub.reset();
  loginConfigId = undefined;
});

const signal = () => AbortSignal.timeout(10_000);
const app = () => network.app() ?? { clientId: "", clientSecret: "" };

/** Runs the consent page as a person who clicks "Authorize" and returns the code the redirect carries. */
async function consent(): Promise<string> {
  const url = new URL(network.authorizeEndpoint());
  url.searchParams.set("client_id", app().clientId);
  url.searchParams.set("redirect_uri", REDIRECT);
  url.searchParams.set("state", "st-1");
  url.searchParams.set("scope", network.scopes);
  for (const [k, v] of Object.entries(network.authorizeParams ?? {})) url.searchParams.set(k, v);
  const page = await globalThis.fetch(url);
  expect(page.status).toBe(200);
  expect(await page.text()).toContain("pages_manage_posts");
  url.searchParams.set("approve", "yes");
  const back = await globalThis.fetch(url, { redirect: "manual" });
  const location = new URL(back.headers.get("location") ?? "");
  expect(location.searchParams.get("state")).toBe("st-1");
  return location.searchParams.get("code") ?? "";
}

describe("Meta OAuth network", () => {
  it("is the FACEBOOK login and creates FACEBOOK and INSTAGRAM channels", () => {
    expect(getOAuthNetwork("FACEBOOK")?.label).toBe("Facebook and Instagram");
    expect(oauthNetworkFor("INSTAGRAM")?.platform).toBe("FACEBOOK");
    expect(network.channelPlatforms).toEqual(["FACEBOOK", "INSTAGRAM"]);
    expect(network.authorizeEndpoint()).toBe(`${stub.url}/${META_GRAPH_VERSION}/dialog/oauth`);
    expect(network.scopes.split(",")).toEqual(
      expect.arrayContaining(["pages_manage_posts", "instagram_content_publish", "read_insights"]),
    );
    expect(network.pkce).toBe(false);
    expect(network.refresh).toBeUndefined();
  });

  it("sends a Facebook Login for Business configuration as config_id when one is set", () => {
    expect(network.authorizeParams).toEqual({ response_type: "code" });
    loginConfigId = "987654321";
    expect(network.authorizeParams).toEqual({ response_type: "code", config_id: "987654321" });
  });

  it("exchanges the code, then trades the short-lived token for a long-lived one", async () => {
    const code = await consent();
    const tokens = await network.exchangeCode({
      app: app(),
      signal: signal(),
      code,
      verifier: "",
      redirectUri: REDIRECT,
    });
    expect(state.tokens.get(tokens.accessToken)).toEqual({ kind: "user", long: true });
    expect(tokens.refreshToken).toBeNull();
    // ~60 days (5,183,944 s) from now
    const days = (Date.parse(tokens.expiresAt ?? "") - Date.now()) / 86_400_000;
    expect(days).toBeGreaterThan(59);
    expect(days).toBeLessThan(61);
    const calls = stub.received("GET", /\/oauth\/access_token$/);
    expect(calls).toHaveLength(2);
    expect(calls[0]?.query.get("code")).toBe(code);
    expect(calls[0]?.query.get("redirect_uri")).toBe(REDIRECT);
    expect(calls[1]?.query.get("grant_type")).toBe("fb_exchange_token");
  });

  it("refuses a code used twice or issued for another redirect URI, with Meta's message", async () => {
    const code = await consent();
    await network.exchangeCode({ app: app(), signal: signal(), code, verifier: "", redirectUri: REDIRECT });
    const again = network.exchangeCode({ app: app(), signal: signal(), code, verifier: "", redirectUri: REDIRECT });
    await expect(again).rejects.toThrow(/This authorization code has been used/);
    await expect(again).rejects.toMatchObject({ refused: true });
    const other = await consent();
    await expect(
      network.exchangeCode({ app: app(), signal: signal(), code: other, verifier: "", redirectUri: `${REDIRECT}x` }),
    ).rejects.toThrow(/redirect_uri is identical/);
  });

  it("lists each Page and its Instagram professional account, refusing the Page without CREATE_CONTENT", async () => {
    const code = await consent();
    const tokens = await network.exchangeCode({
      app: app(),
      signal: signal(),
      code,
      verifier: "",
      redirectUri: REDIRECT,
    });
    const accounts = await network.listAccounts({ app: app(), signal: signal(), tokens });
    expect(accounts.map((a) => [a.platform, a.accountId, a.refusal ?? null])).toEqual([
      ["FACEBOOK", "1000000001", null],
      ["INSTAGRAM", "17841400000000001", null],
      ["FACEBOOK", "1000000002", null],
      ["FACEBOOK", "1000000003", expect.stringMatching(/CREATE_CONTENT/)],
    ]);
    const [bakery, ig] = accounts;
    const pageToken = state.pageToken("1000000001", true);
    expect(bakery).toMatchObject({
      accountName: "Cadence Bakery",
      kind: "Facebook Page",
      avatarUrl: "https://scontent.example/bakery.jpg",
      config: { pageId: "1000000001", accountId: "1000000001" },
      credentials: { accessToken: pageToken, expiresAt: null },
    });
    expect(ig).toMatchObject({
      accountName: "@cadence.bakery",
      displayName: "Cadence Bakery",
      kind: "Instagram professional account",
      config: {
        igUserId: "17841400000000001",
        accountId: "17841400000000001",
        pageId: "1000000001",
        username: "cadence.bakery",
      },
      credentials: { accessToken: pageToken, expiresAt: null },
    });
    // the Page token came from a long-lived user token: the long-lived kind, which does not expire
    expect(state.tokens.get(pageToken)).toEqual({ kind: "page", pageId: "1000000001", long: true });
    // every Graph call carried appsecret_proof (the stub checks it)
    const listed = stub.received("GET", /\/me\/accounts$/);
    expect(listed[0]?.query.get("appsecret_proof")).toMatch(/^[0-9a-f]{64}$/);
    expect(listed[0]?.query.get("fields")).toContain(
      "instagram_business_account{id,username,name,profile_picture_url}",
    );
  });

  it("follows the cursor through every page of /me/accounts", async () => {
    const extra = Array.from({ length: 150 }, (_, i) => ({
      id: String(2000000000 + i),
      name: `Page ${i}`,
      tasks: ["CREATE_CONTENT"],
      pictureUrl: "https://scontent.example/p.jpg",
      followersCount: 1,
      ig: null,
    }));
    const meta = await startMetaStub({ pages: extra });
    const many = meta.server;
    try {
      const other = createMetaOAuthNetwork({ fetch: meta.fetch, settings: meta.settings });
      const token = "EAAtest-user";
      meta.state.tokens.set(token, { kind: "user", long: true });
      const accounts = await other.listAccounts({
        app: app(),
        signal: signal(),
        tokens: { accessToken: token, refreshToken: null, expiresAt: null, scope: null },
      });
      expect(accounts).toHaveLength(150);
      expect(new Set(accounts.map((a) => a.accountId)).size).toBe(150);
      expect(many.received("GET", /\/me\/accounts$/)).toHaveLength(2);
    } finally {
      await many.close();
    }
  });

  it("a revoked user token is a refusal with Meta's words", async () => {
    const token = "EAArevoked";
    state.tokens.set(token, { kind: "user", long: true });
    state.revoked.add(token);
    const listing = network.listAccounts({
      app: app(),
      signal: signal(),
      tokens: { accessToken: token, refreshToken: null, expiresAt: null, scope: null },
    });
    await expect(listing).rejects.toBeInstanceOf(OAuthNetworkError);
    await expect(listing).rejects.toMatchObject({ refused: true });
    await expect(listing).rejects.toThrow(/changed their password/);
  });
});
