import { createHash } from "node:crypto";
import { afterAll, beforeAll, beforeEach, describe, expect, it, vi } from "vitest";
import * as signInRoute from "@/app/api/auth/sign-in/route";
import * as callbackRoute from "@/app/api/channels/connect/[platform]/callback/route";
import * as connectRoute from "@/app/api/channels/connect/[platform]/route";
import * as choiceRoute from "@/app/api/channels/connect/choices/[id]/route";
import { CHANNEL_PALETTE } from "@/lib/channels/channel-palette";
import { finishOAuthCallback } from "@/lib/channels/finish-oauth-callback";
import { markChannelNeedsReconnect } from "@/lib/channels/mark-channel-needs-reconnect";
import { decryptCredentials } from "@/lib/crypto/credentials";
import { hashOAuthState } from "@/lib/oauth/hash-oauth-state";
import { listOAuthLogins } from "@/lib/oauth/list-oauth-logins";
import type { OAuthNetwork } from "@/lib/oauth/networks/types";
import { startOAuthConnect } from "@/lib/oauth/start-oauth-connect";
import { callRoute, isolateAppSingletons } from "@/tests/helpers/call-route";
import { createTestChannel } from "@/tests/helpers/factories";
import { createTestOAuthNetwork } from "@/tests/helpers/test-oauth-network";
import { setupTestWorkspaces } from "@/tests/helpers/test-workspaces";
import { type GenericOAuthState, genericOAuthStub, type StubOAuthAccount } from "@/tests/stubs/generic-oauth";
import { type StubServer, startStubServer } from "@/tests/stubs/stub-server";

// The generic OAuth connect flow (POST /api/channels/connect/:platform, its callback, the account picker) through
// the route handlers, against a generic OAuth 2.0 stub on 127.0.0.1. No real platform's network is registered on
// this branch, so the registry is replaced by one holding a test-only OAuthNetwork (Meta-shaped: one login, FACEBOOK
// and INSTAGRAM channels); everything else — routes, services, PostgreSQL, the stub's PKCE check — is real.
const registry = vi.hoisted(() => ({ networks: [] as OAuthNetwork[] }));
vi.mock("@/lib/oauth/networks/get-oauth-network", () => ({
  getOAuthNetwork: (p: string) => registry.networks.find((n) => n.platform === p) ?? null,
  oauthNetworkFor: (p: string) => registry.networks.find((n) => (n.channelPlatforms as string[]).includes(p)) ?? null,
}));

process.env.PUBLIC_URL = "http://localhost:3999";
const CALLBACK = "http://localhost:3999/api/channels/connect/facebook/callback";
const SAME = { origin: "http://localhost", host: "localhost" };

let stub: StubServer;
let provider: GenericOAuthState;
const network = createTestOAuthNetwork({ url: () => stub.url });
registry.networks = [network];

const { db, createWorkspace, createUser } = setupTestWorkspaces({
  app: isolateAppSingletons(),
  cleanup: async ({ workspaceIds }) => {
    await db.oAuthAuthorization.deleteMany({ where: { workspaceId: { in: workspaceIds } } });
    await db.oAuthAccountChoice.deleteMany({ where: { workspaceId: { in: workspaceIds } } });
  },
});

beforeAll(async () => {
  const made = genericOAuthStub();
  provider = made.state;
  stub = await startStubServer(made.routes);
});
afterAll(async () => {
  await db.oAuthClient.deleteMany({ where: { serverUrl: stub.url } });
  await stub.close();
});

const page: StubOAuthAccount = {
  id: "page-1",
  platform: "FACEBOOK",
  name: "Ada's Bakery",
  handle: "Ada's Bakery",
  kind: "Facebook Page",
  avatarUrl: "https://cdn.example/page-1.png",
  refusal: null,
};
const insta: StubOAuthAccount = {
  id: "ig-1",
  platform: "INSTAGRAM",
  name: "adasbakery",
  handle: "@adasbakery",
  kind: "Instagram business account",
  avatarUrl: null,
  refusal: null,
};
const personal: StubOAuthAccount = {
  id: "ig-2",
  platform: "INSTAGRAM",
  name: "ada.private",
  handle: "@ada.private",
  kind: "Instagram personal account",
  avatarUrl: null,
  refusal: "a personal Instagram account cannot publish through the API: switch it to a professional account",
};

let workspaceId: string;
let apiToken: string;
let cookie: string;

let userId: string;
let lastUserId = "";

async function signIn(workspaceIds: string[]) {
  const user = await createUser({ workspaceIds });
  lastUserId = user.userId;
  const res = await callRoute(signInRoute.POST, {
    method: "POST",
    path: "/api/auth/sign-in",
    body: { email: user.email, password: user.password },
    headers: SAME,
  });
  expect(res.status).toBe(200);
  return (res.headers.get("set-cookie") ?? "").split(";")[0] ?? "";
}

beforeEach(async () => {
  stub.reset();
  provider.accounts = [page];
  provider.exchanges.length = 0;
  provider.refreshes = 0;
  network.pkce = true;
  network.appCredentials = { clientId: "test-client", clientSecret: "test-secret" };
  const { workspace, token } = await createWorkspace({ name: "Bakery" });
  workspaceId = workspace.id;
  apiToken = token;
  cookie = await signIn([workspaceId]);
  userId = lastUserId;
});

function startConnect(platform: string, body?: Record<string, unknown>, as = cookie) {
  return callRoute(connectRoute.POST, {
    method: "POST",
    path: `/api/channels/connect/${platform}`,
    params: { platform },
    body,
    headers: { cookie: as, ...SAME },
  });
}

async function callback(query: URLSearchParams | string, as = cookie, platform = "facebook") {
  const res = await callRoute(callbackRoute.GET, {
    path: `/api/channels/connect/${platform}/callback?${query}`,
    params: { platform },
    headers: { cookie: as },
  });
  expect(res.status).toBe(303);
  return new URL(res.headers.get("location") ?? "", "http://localhost:3999");
}

/** The person on the stub's consent page: "Authorize" (or "Cancel") → where the stub sends the browser. */
async function consent(authorizeUrl: string, approve: "yes" | "no" = "yes") {
  const url = new URL(authorizeUrl);
  url.searchParams.set("approve", approve);
  const res = await fetch(url, { redirect: "manual" });
  expect(res.status).toBe(302);
  return new URL(res.headers.get("location") ?? "");
}

/** Connect → consent → callback: the Channels page URL the browser ends on. */
async function login(body?: Record<string, unknown>, platform = "facebook") {
  const started = await startConnect(platform, body);
  expect(started.status, started.text).toBe(200);
  const back = await consent(started.json.authorizeUrl);
  return callback(back.searchParams);
}

const credentialsOf = async (channelId: string) =>
  decryptCredentials((await db.channel.findUniqueOrThrow({ where: { id: channelId } })).credentialsEnc ?? "") as Record<
    string,
    unknown
  >;

describe("connecting through an OAuth login", () => {
  it("round trip: PKCE and state sent and checked, scopes verbatim, one account → one channel, tokens encrypted", async () => {
    await createTestChannel(db, { workspaceId }); // the palette's first colour is taken
    const started = await startConnect("facebook");
    expect(started.status, started.text).toBe(200);
    const authorizeUrl = new URL(started.json.authorizeUrl);
    expect(`${authorizeUrl.origin}${authorizeUrl.pathname}`).toBe(`${stub.url}/oauth/authorize`);
    const q = authorizeUrl.searchParams;
    expect(q.get("client_id")).toBe("test-client");
    expect(q.get("redirect_uri")).toBe(CALLBACK);
    expect(q.get("response_type")).toBe("code");
    expect(q.get("scope")).toBe("pages_manage_posts,instagram_content_publish");
    expect(q.get("auth_type")).toBe("rerequest");
    expect(q.get("code_challenge_method")).toBe("S256");
    const pending = await db.oAuthAuthorization.findUniqueOrThrow({
      where: { stateHash: hashOAuthState(q.get("state") ?? "") },
    });
    const { verifier } = decryptCredentials(pending.verifierEnc) as { verifier: string };
    expect(createHash("sha256").update(verifier).digest("base64url")).toBe(q.get("code_challenge"));
    expect(pending).toMatchObject({ workspaceId, platform: "FACEBOOK", channelId: null, usedAt: null });

    // The operator's app is kept as an OAuthClient, its secret encrypted.
    const client = await db.oAuthClient.findUniqueOrThrow({ where: { id: pending.clientId } });
    expect(client).toMatchObject({ platform: "FACEBOOK", serverUrl: stub.url, redirectUri: CALLBACK });
    expect(client.clientSecretEnc).not.toContain("test-secret");
    expect(decryptCredentials(client.clientSecretEnc)).toEqual({ clientSecret: "test-secret" });

    const back = await consent(authorizeUrl.href);
    const done = await callback(back.searchParams);
    expect(done.pathname).toBe("/settings/channels");
    expect(done.searchParams.get("error")).toBeNull();
    const channelId = done.searchParams.get("connected") ?? "";
    // The stub checked the verifier against the challenge.
    expect(provider.exchanges).toEqual([{ verifierSent: true, verified: true }]);

    const channel = await db.channel.findFirstOrThrow({ where: { id: channelId, workspaceId } });
    expect(channel).toMatchObject({
      platform: "FACEBOOK",
      displayName: "Ada's Bakery",
      accountName: "Ada's Bakery",
      avatarUrl: "https://cdn.example/page-1.png",
      serverUrl: null,
      color: CHANNEL_PALETTE[1],
      config: { accountId: "page-1", handle: "Ada's Bakery" },
      needsReconnectReason: null,
    });
    const credentials = await credentialsOf(channelId);
    expect(credentials.accessToken).toMatch(/^at_/);
    expect(provider.accessTokens.has(String(credentials.accessToken))).toBe(true);
    expect(channel.credentialsEnc).not.toContain(String(credentials.accessToken));
    expect(credentials).toMatchObject({ pageToken: "page-page-1", scope: "publish read" });
    expect(Date.parse(String(credentials.expiresAt))).toBeGreaterThan(Date.now() + 59 * 86_400_000);
  });

  it("without PKCE: no challenge in the URL and no verifier sent; the secret changed in settings is the one used", async () => {
    network.pkce = false;
    const first = await startConnect("facebook");
    expect(new URL(first.json.authorizeUrl).searchParams.has("code_challenge")).toBe(false);
    // The operator rotates the app secret: the next connect stores it and the stub (knowing only the new one) accepts.
    provider.app.clientSecret = "rotated-secret";
    network.appCredentials = { clientId: "test-client", clientSecret: "rotated-secret" };
    const done = await login();
    expect(done.searchParams.get("connected")).toBeTruthy();
    expect(provider.exchanges).toEqual([{ verifierSent: false, verified: null }]);
    const clients = await db.oAuthClient.findMany({ where: { serverUrl: stub.url } });
    expect(clients).toHaveLength(1);
    expect(decryptCredentials(clients[0]?.clientSecretEnc ?? "")).toEqual({ clientSecret: "rotated-secret" });
    provider.app.clientSecret = "test-secret";
  });

  it("'instagram' starts Meta's one login (redirect URI under /facebook/)", async () => {
    const started = await startConnect("INSTAGRAM");
    expect(started.status).toBe(200);
    expect(new URL(started.json.authorizeUrl).searchParams.get("redirect_uri")).toBe(CALLBACK);
  });

  it("refusals: unknown platform or one without an OAuth login 404, app not set 422 naming the settings, API token 403, PUBLIC_URL unset 422, another workspace's channel 404 — nothing written", async () => {
    for (const platform of ["myspace", "bluesky", "webhook"]) {
      const res = await startConnect(platform);
      expect(res.status).toBe(404);
      expect(res.json.error.message).toContain(`"${platform}"`);
    }
    network.appCredentials = null;
    const unset = await startConnect("facebook");
    expect(unset.status).toBe(422);
    expect(unset.json.error.message).toMatch(/TEST_CLIENT_ID and TEST_CLIENT_SECRET/);
    network.appCredentials = { clientId: "test-client", clientSecret: "test-secret" };

    const token = await callRoute(connectRoute.POST, {
      method: "POST",
      path: "/api/channels/connect/facebook",
      params: { platform: "facebook" },
      token: apiToken,
    });
    expect(token.status).toBe(403);

    await expect(
      startOAuthConnect({ db, workspaceId, userId: "u", segment: "facebook", channelId: null, publicUrl: undefined }),
    ).rejects.toMatchObject({ code: "unprocessable", message: expect.stringMatching(/PUBLIC_URL/) });

    const { workspace: other } = await createWorkspace({ name: "Other" });
    const theirs = await createTestChannel(db, { workspaceId: other.id, platform: "FACEBOOK" });
    const sandbox = await createTestChannel(db, { workspaceId, platform: "SANDBOX" });
    for (const channelId of [theirs.id, sandbox.id, "nope"]) {
      const res = await startConnect("facebook", { channelId });
      expect(res.status).toBe(404);
      expect(res.json.error.message).toContain(channelId);
    }
    expect(await db.oAuthAuthorization.count({ where: { workspaceId } })).toBe(0);
  });

  it("state: unknown, reused, expired and another workspace's are refused with nothing written; declining is a notice", async () => {
    const unknown = await callback(new URLSearchParams({ code: "abc", state: "not-a-state" }));
    expect(unknown.searchParams.get("error")).toMatch(/unknown/);

    const started = await startConnect("facebook");
    const back = await consent(started.json.authorizeUrl);
    // Another workspace's person cannot finish it, and their try does not use it up.
    const { workspace: other } = await createWorkspace({ name: "Other" });
    const otherCookie = await signIn([other.id]);
    const stolen = await callback(back.searchParams, otherCookie);
    expect(stolen.searchParams.get("error")).toMatch(/unknown/);
    expect(await db.channel.count({ where: { workspaceId: other.id } })).toBe(0);

    expect((await callback(back.searchParams)).searchParams.get("connected")).toBeTruthy();
    const snapshot = await db.channel.findMany({ where: { workspaceId } });
    const reused = await callback(back.searchParams);
    expect(reused.searchParams.get("error")).toMatch(/already used/);
    expect(await db.channel.findMany({ where: { workspaceId } })).toEqual(snapshot);

    // Eleven minutes between "Connect" and the callback.
    const late = await startConnect("facebook");
    const lateBack = await consent(late.json.authorizeUrl);
    const location = await finishOAuthCallback({
      db,
      segment: "facebook",
      workspaceId,
      userId,
      query: Object.fromEntries(lateBack.searchParams),
      now: new Date(Date.now() + 11 * 60_000),
    });
    expect(new URL(location, "http://x").searchParams.get("error")).toMatch(/expired/);
    expect(provider.exchanges).toHaveLength(1);

    // The person pressed "Cancel" on the platform.
    const declined = await startConnect("facebook");
    const no = await consent(declined.json.authorizeUrl, "no");
    expect(no.searchParams.get("error")).toBe("access_denied");
    const notice = await callback(no.searchParams);
    expect(notice.searchParams.get("notice")).toMatch(/did not allow Cadence on Test Meta/);
    expect(notice.searchParams.get("error")).toBeNull();
    expect(await db.channel.findMany({ where: { workspaceId } })).toEqual(snapshot);
  });

  it("a platform refusing the code keeps its words; nothing is created", async () => {
    const started = await startConnect("facebook");
    const back = await consent(started.json.authorizeUrl);
    stub.fail({
      match: { method: "POST", path: "/oauth/token" },
      fail: { status: 400, json: { error: "invalid_grant", error_description: "Code was already redeemed" } },
    });
    const done = await callback(back.searchParams);
    expect(done.searchParams.get("error")).toBe("Test Meta refused the sign-in: Code was already redeemed");
    expect(await db.channel.count({ where: { workspaceId } })).toBe(0);
  });
});

describe("picking accounts from one login", () => {
  it("several accounts and a refused one: the picker lists them without secrets; refused or unknown ids are 422 with nothing written; the pick connects once", async () => {
    provider.accounts = [page, insta, personal];
    const done = await login();
    const choiceId = done.searchParams.get("choose") ?? "";
    expect(choiceId).toMatch(/^[A-Za-z0-9_-]{32}$/);
    expect(await db.channel.count({ where: { workspaceId } })).toBe(0);
    const row = await db.oAuthAccountChoice.findUniqueOrThrow({ where: { id: choiceId } });
    // No issued token in clear (the tokens themselves, not a 3-character prefix a base64url ciphertext can hold by chance).
    expect(provider.accessTokens.size).toBeGreaterThan(0);
    for (const issued of provider.accessTokens.keys()) expect(row.candidatesEnc).not.toContain(issued);

    const get = (as = cookie) =>
      callRoute(choiceRoute.GET, {
        path: `/api/channels/connect/choices/${choiceId}`,
        params: { id: choiceId },
        headers: { cookie: as },
      });
    const post = (accountIds: unknown, as = cookie) =>
      callRoute(choiceRoute.POST, {
        method: "POST",
        path: `/api/channels/connect/choices/${choiceId}`,
        params: { id: choiceId },
        body: { accountIds },
        headers: { cookie: as, ...SAME },
      });

    const shown = await get();
    expect(shown.status).toBe(200);
    expect(shown.json).toMatchObject({ id: choiceId, platform: "FACEBOOK", label: "Test Meta" });
    expect(shown.json.accounts).toEqual([
      {
        platform: "FACEBOOK",
        accountId: "page-1",
        accountName: "Ada's Bakery",
        displayName: "Ada's Bakery",
        avatarUrl: "https://cdn.example/page-1.png",
        kind: "Facebook Page",
        refusal: null,
        alreadyConnected: false,
      },
      expect.objectContaining({ accountId: "ig-1", platform: "INSTAGRAM", refusal: null, alreadyConnected: false }),
      expect.objectContaining({ accountId: "ig-2", refusal: personal.refusal }),
    ]);
    expect(shown.text).not.toMatch(/at_|rt_|pageToken|credentials/);

    // Another workspace's person sees nothing (404); an API token (no person) is refused on this route altogether
    // (person-only in lib/api/route-permissions.ts), whatever the id.
    const { workspace: other } = await createWorkspace({ name: "Other" });
    expect((await get(await signIn([other.id]))).status).toBe(404);
    const byToken = await callRoute(choiceRoute.GET, {
      path: `/api/channels/connect/choices/${choiceId}`,
      params: { id: choiceId },
      token: apiToken,
    });
    expect(byToken.status).toBe(403);
    expect(byToken.json).toEqual({
      error: {
        code: "forbidden",
        message: "an API token cannot channels:manage here: this needs a signed-in person (the dashboard)",
        details: { missingPermission: "channels:manage" },
      },
    });

    const refused = await post(["page-1", "ig-2"]);
    expect(refused.status).toBe(422);
    expect(refused.json.error.message).toContain("ig-2");
    expect(refused.json.error.message).toContain("switch it to a professional account");
    const unknown = await post(["page-1", "ig-9"]);
    expect(unknown.status).toBe(422);
    expect(unknown.json.error.message).toContain("ig-9");
    expect((await post([])).status).toBe(400);
    expect(await db.channel.count({ where: { workspaceId } })).toBe(0);
    expect((await db.oAuthAccountChoice.findUniqueOrThrow({ where: { id: choiceId } })).usedAt).toBeNull();

    const picked = await post(["page-1", "ig-1"]);
    expect(picked.status, picked.text).toBe(200);
    expect(picked.json.channels).toEqual([
      expect.objectContaining({ platform: "FACEBOOK", displayName: "Ada's Bakery", created: true }),
      expect.objectContaining({ platform: "INSTAGRAM", displayName: "adasbakery", created: true }),
    ]);
    const channels = await db.channel.findMany({ where: { workspaceId }, orderBy: { platform: "asc" } });
    expect(channels.map((c) => [c.platform, (c.config as { accountId: string }).accountId])).toEqual([
      ["INSTAGRAM", "ig-1"],
      ["FACEBOOK", "page-1"],
    ]);
    // Two channels, two colours.
    expect(new Set(channels.map((c) => c.color)).size).toBe(2);
    expect((await credentialsOf(channels[0]?.id ?? "")).pageToken).toBe("page-ig-1");

    const again = await post(["page-1"]);
    expect(again.status).toBe(404);
    expect(again.json.error.message).toMatch(/already picked/);
    expect((await get()).status).toBe(404);
  });

  it("an expired choice is refused; an already connected account is marked and updated, never duplicated", async () => {
    const first = await login();
    const channelId = first.searchParams.get("connected") ?? "";
    const before = await credentialsOf(channelId);
    await markChannelNeedsReconnect({ db, channelId, reason: "token revoked" });
    await db.channel.update({ where: { id: channelId }, data: { displayName: "Bakery (renamed)" } });

    // The same single account again: the channel is updated (new token, reconnected), not a second one made.
    const same = await login();
    expect(same.searchParams.get("connected")).toBe(channelId);
    expect(same.searchParams.get("reconnected")).toBe("1");
    const updated = await db.channel.findUniqueOrThrow({ where: { id: channelId } });
    expect(updated).toMatchObject({
      needsReconnectReason: null,
      needsReconnectAt: null,
      displayName: "Bakery (renamed)",
    });
    expect((await credentialsOf(channelId)).accessToken).not.toBe(before.accessToken);

    provider.accounts = [page, insta];
    const choose = await login();
    const choiceId = choose.searchParams.get("choose") ?? "";
    const shown = await callRoute(choiceRoute.GET, {
      path: `/api/channels/connect/choices/${choiceId}`,
      params: { id: choiceId },
      headers: { cookie },
    });
    expect(shown.json.accounts.map((a: { alreadyConnected: boolean }) => a.alreadyConnected)).toEqual([true, false]);
    const picked = await callRoute(choiceRoute.POST, {
      method: "POST",
      path: `/api/channels/connect/choices/${choiceId}`,
      params: { id: choiceId },
      body: { accountIds: ["page-1", "ig-1"] },
      headers: { cookie, ...SAME },
    });
    expect(picked.json.channels).toEqual([
      { id: channelId, platform: "FACEBOOK", displayName: "Bakery (renamed)", created: false },
      expect.objectContaining({ platform: "INSTAGRAM", created: true }),
    ]);
    expect(await db.channel.count({ where: { workspaceId } })).toBe(2);

    const late = await login();
    const lateId = late.searchParams.get("choose") ?? "";
    await db.oAuthAccountChoice.update({ where: { id: lateId }, data: { expiresAt: new Date(Date.now() - 1000) } });
    const expired = await callRoute(choiceRoute.POST, {
      method: "POST",
      path: `/api/channels/connect/choices/${lateId}`,
      params: { id: lateId },
      body: { accountIds: ["ig-1"] },
      headers: { cookie, ...SAME },
    });
    expect(expired.status).toBe(404);
    expect(expired.json.error.message).toMatch(/expired/);
  });
});

describe("reconnecting", () => {
  it("only the channel's own account: another login is refused with nothing changed; the right one replaces the tokens and clears needs-reconnect", async () => {
    const first = await login();
    const channelId = first.searchParams.get("connected") ?? "";
    await markChannelNeedsReconnect({ db, channelId, reason: "the session was revoked" });
    const before = await db.channel.findUniqueOrThrow({ where: { id: channelId } });

    provider.accounts = [{ ...page, id: "page-2", name: "Someone else's page", handle: "Someone else's page" }];
    const wrong = await login({ channelId });
    expect(wrong.searchParams.get("error")).toMatch(/does not include Ada's Bakery.*sign in with that account/);
    expect(await db.channel.findUniqueOrThrow({ where: { id: channelId } })).toEqual(before);
    expect(await db.channel.count({ where: { workspaceId } })).toBe(1);

    // A login that brings several accounts, the channel's among them: no picker, the channel is reconnected.
    provider.accounts = [insta, page];
    const right = await login({ channelId });
    expect(right.searchParams.get("connected")).toBe(channelId);
    expect(right.searchParams.get("reconnected")).toBe("1");
    const after = await db.channel.findUniqueOrThrow({ where: { id: channelId } });
    expect(after).toMatchObject({ needsReconnectReason: null, needsReconnectAt: null });
    expect(after.credentialsEnc).not.toBe(before.credentialsEnc);
    expect(await db.channel.count({ where: { workspaceId } })).toBe(1);
    const pending = await db.oAuthAuthorization.findMany({ where: { workspaceId, channelId } });
    expect(pending).toHaveLength(2);
  });
});

describe("listOAuthLogins", () => {
  it("lists a login creating two platforms once, with whether its app is set up and which settings it needs", () => {
    expect(listOAuthLogins()).toEqual([
      {
        login: "FACEBOOK",
        label: "Test Meta",
        channelPlatforms: ["FACEBOOK", "INSTAGRAM"],
        configured: true,
        settings: ["TEST_CLIENT_ID", "TEST_CLIENT_SECRET"],
      },
    ]);
    network.appCredentials = null;
    expect(listOAuthLogins()[0]?.configured).toBe(false);
  });
});
