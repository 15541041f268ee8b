import { createHash } from "node:crypto";
import { beforeEach, describe, expect, it } from "vitest";
import * as signInRoute from "@/app/api/auth/sign-in/route";
import * as callbackRoute from "@/app/api/channels/connect/mastodon/callback/route";
import * as connectRoute from "@/app/api/channels/connect/mastodon/route";
import * as postsRoute from "@/app/api/posts/route";
import { CHANNEL_PALETTE } from "@/lib/channels/channel-palette";
import { markChannelNeedsReconnect } from "@/lib/channels/mark-channel-needs-reconnect";
import { decryptCredentials } from "@/lib/crypto/credentials";
import { hashOAuthState } from "@/lib/oauth/hash-oauth-state";
import { callRoute, isolateAppSingletons } from "@/tests/helpers/call-route";
import { createTestChannel } from "@/tests/helpers/factories";
import {
  approveMastodonAuthorization,
  createMastodonAccount,
  mastodonTestUrl,
} from "@/tests/helpers/mastodon-accounts";
import { mastodonApi } from "@/tests/helpers/mastodon-publisher";
import { setupTestWorkspaces } from "@/tests/helpers/test-workspaces";

// Connecting a Mastodon account through the routes the Channels page uses, against the launcher's real GoToSocial.
// PUBLIC_URL is set before anything reads the configuration: the redirect URI is built from it.
process.env.PUBLIC_URL = "http://localhost:3999";
const CALLBACK = "http://localhost:3999/api/channels/connect/mastodon/callback";
const SAME = { origin: "http://localhost", host: "localhost" };

const { db, createWorkspace, createUser } = setupTestWorkspaces({
  app: isolateAppSingletons(),
  cleanup: async ({ workspaceIds }) =>
    db.oAuthAuthorization.deleteMany({ where: { workspaceId: { in: workspaceIds } } }),
});

let workspaceId: string;
let apiToken: string;
let cookie: string;

async function signIn(workspaceIds: string[]) {
  const user = await createUser({ workspaceIds });
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
  const { workspace, token } = await createWorkspace({ name: "Toots" });
  workspaceId = workspace.id;
  apiToken = token;
  cookie = await signIn([workspaceId]);
});

async function startConnect(body: Record<string, unknown>, as = cookie) {
  return callRoute(connectRoute.POST, {
    method: "POST",
    path: "/api/channels/connect/mastodon",
    body,
    headers: { cookie: as, ...SAME },
  });
}

async function callback(query: URLSearchParams | string, as = cookie) {
  const res = await callRoute(callbackRoute.GET, {
    path: `/api/channels/connect/mastodon/callback?${query}`,
    headers: { cookie: as },
  });
  expect(res.status).toBe(303);
  return new URL(res.headers.get("location") ?? "", "http://localhost:3999");
}

/** POST connect → the person approves on GoToSocial → the redirect it sends the browser to (code and state). */
async function authorize(account: { email: string; password: string }, body: Record<string, unknown> = {}) {
  const started = await startConnect({ serverUrl: mastodonTestUrl(), ...body });
  expect(started.status).toBe(200);
  const back = await approveMastodonAuthorization({ authorizeUrl: started.json.authorizeUrl, ...account });
  return { started, back };
}

const channelCount = () => db.channel.count({ where: { workspaceId } });

describe("connecting a Mastodon account", () => {
  it("round trip: app registered once, PKCE and state sent, channel with encrypted token and the server's limits", async () => {
    // The workspace's first palette colour is taken: the new channel gets the next one.
    await createTestChannel(db, { workspaceId }); // takes the default colour, the palette's first
    const account = await createMastodonAccount({ prefix: "conn" });
    const { started, back } = await authorize(account);
    const authorizeUrl = new URL(started.json.authorizeUrl);
    expect(authorizeUrl.origin).toBe(new URL(mastodonTestUrl()).origin);
    expect(authorizeUrl.pathname).toBe("/oauth/authorize");
    expect(authorizeUrl.searchParams.get("redirect_uri")).toBe(CALLBACK);
    expect(authorizeUrl.searchParams.get("code_challenge_method")).toBe("S256");
    expect(authorizeUrl.searchParams.get("code_challenge")).toMatch(/^[A-Za-z0-9_-]{43}$/);
    expect(authorizeUrl.searchParams.get("scope")).toBe("read:accounts read:statuses write:media write:statuses");
    // The stored verifier (encrypted) is the one the challenge was made from: S256 = base64url(SHA-256(verifier)).
    const pending = await db.oAuthAuthorization.findUniqueOrThrow({
      where: { stateHash: hashOAuthState(authorizeUrl.searchParams.get("state") ?? "") },
    });
    const { verifier } = decryptCredentials(pending.verifierEnc) as { verifier: string };
    expect(pending.verifierEnc).not.toContain(verifier);
    expect(createHash("sha256").update(verifier).digest("base64url")).toBe(
      authorizeUrl.searchParams.get("code_challenge"),
    );
    expect(pending).toMatchObject({ workspaceId, usedAt: null, channelId: null });
    expect(`${back.origin}${back.pathname}`).toBe(CALLBACK);
    expect(back.searchParams.get("state")).toBe(authorizeUrl.searchParams.get("state"));

    const done = await callback(back.searchParams);
    expect(done.pathname).toBe("/settings/channels");
    const channelId = done.searchParams.get("connected");
    expect(done.searchParams.get("error")).toBeNull();
    const channel = await db.channel.findFirstOrThrow({ where: { id: channelId ?? "", workspaceId } });
    const host = new URL(mastodonTestUrl()).host;
    expect(channel.platform).toBe("MASTODON");
    expect(channel.displayName).toBe(`@${account.username}@${host}`);

    const { accessToken } = decryptCredentials(channel.credentialsEnc ?? "") as { accessToken: string };
    expect(channel.credentialsEnc).not.toContain(accessToken);
    const me = await mastodonApi<{ id: string; acct: string; avatar: string }>(
      mastodonTestUrl(),
      accessToken,
      "/api/v1/accounts/verify_credentials",
    );
    // Who it publishes as, for the Channels page: the account, its avatar and its server, and its own colour.
    expect(channel).toMatchObject({
      accountName: `@${account.username}@${host}`,
      avatarUrl: me.avatar,
      serverUrl: new URL(mastodonTestUrl()).origin,
      color: CHANNEL_PALETTE[1],
      needsReconnectReason: null,
    });
    expect(me.avatar).toMatch(/^https?:\/\//);
    const instance = await mastodonApi<{
      configuration: {
        statuses: { max_characters: number; max_media_attachments: number };
        media_attachments: { image_size_limit: number; supported_mime_types: string[] };
      };
    }>(mastodonTestUrl(), accessToken, "/api/v2/instance");
    const config = channel.config as Record<string, unknown> & { limits: Record<string, number> };
    expect(config).toMatchObject({
      serverUrl: new URL(mastodonTestUrl()).origin,
      accountId: me.id,
      acct: `${account.username}@${host}`,
    });
    expect(config.limits.maxCharacters).toBe(instance.configuration.statuses.max_characters);
    expect(config.limits.maxMedia).toBe(instance.configuration.statuses.max_media_attachments);
    expect(config.limits.maxImageBytes).toBe(instance.configuration.media_attachments.image_size_limit);
    expect(config.supportedMimeTypes).toEqual(instance.configuration.media_attachments.supported_mime_types);
    expect(String(config.serverVersion)).not.toBe("");

    // A second connect on the same server reuses the registered app.
    const again = await startConnect({ serverUrl: mastodonTestUrl() });
    expect(new URL(again.json.authorizeUrl).searchParams.get("client_id")).toBe(
      authorizeUrl.searchParams.get("client_id"),
    );
    expect(
      await db.oAuthClient.count({
        where: { platform: "MASTODON", serverUrl: new URL(mastodonTestUrl()).origin, redirectUri: CALLBACK },
      }),
    ).toBe(1);
  });

  it("the server's length limit reaches the content rules: scheduling a longer post is a 422", async () => {
    const account = await createMastodonAccount({ prefix: "limit" });
    const { back } = await authorize(account);
    const channelId = (await callback(back.searchParams)).searchParams.get("connected") ?? "";
    const max = (
      (await db.channel.findUniqueOrThrow({ where: { id: channelId } })).config as { limits: { maxCharacters: number } }
    ).limits.maxCharacters;
    const scheduledAt = new Date(Date.now() + 3_600_000).toISOString();
    const tooLong = await callRoute(postsRoute.POST, {
      method: "POST",
      path: "/api/posts",
      token: apiToken,
      body: { content: "a".repeat(max + 1), channelIds: [channelId], scheduledAt },
    });
    expect(tooLong.status).toBe(422);
    expect(JSON.stringify(tooLong.json)).toContain(`allows ${max}`);
    // A person's tighter setting wins over the server's.
    const channel = await db.channel.findUniqueOrThrow({ where: { id: channelId } });
    await db.channel.update({
      where: { id: channelId },
      data: { config: { ...(channel.config as object), limits: { maxCharacters: 50 } } },
    });
    const over50 = await callRoute(postsRoute.POST, {
      method: "POST",
      path: "/api/posts",
      token: apiToken,
      body: { content: "b".repeat(51), channelIds: [channelId], scheduledAt },
    });
    expect(over50.status).toBe(422);
    expect(JSON.stringify(over50.json)).toContain("allows 50");
    const fits = await callRoute(postsRoute.POST, {
      method: "POST",
      path: "/api/posts",
      token: apiToken,
      body: { content: "c".repeat(50), channelIds: [channelId], scheduledAt },
    });
    expect(fits.status).toBe(201);
  });

  it("reconnecting replaces the channel's token, keeps the person's settings, makes no new channel", async () => {
    const account = await createMastodonAccount({ prefix: "recon" });
    const first = await authorize(account);
    const channelId = (await callback(first.back.searchParams)).searchParams.get("connected") ?? "";
    const before = await db.channel.findUniqueOrThrow({ where: { id: channelId } });
    await db.channel.update({
      where: { id: channelId },
      data: { config: { ...(before.config as object), visibility: "unlisted" }, color: "#dc2626", accountName: null },
    });
    await markChannelNeedsReconnect({ db, channelId, reason: "the token was revoked" });
    const second = await authorize(account, { channelId });
    const done = await callback(second.back.searchParams);
    expect(done.searchParams.get("connected")).toBe(channelId);
    const after = await db.channel.findUniqueOrThrow({ where: { id: channelId } });
    expect(after.credentialsEnc).not.toBe(before.credentialsEnc);
    expect((after.config as { visibility: string }).visibility).toBe("unlisted");
    // Connected again (the refusal is over), the account shown again, the person's colour kept.
    const host = new URL(mastodonTestUrl()).host;
    expect(after).toMatchObject({
      needsReconnectReason: null,
      needsReconnectAt: null,
      accountName: `@${account.username}@${host}`,
      serverUrl: new URL(mastodonTestUrl()).origin,
      color: "#dc2626",
    });
    expect(await channelCount()).toBe(1);

    // Signing in as another account to reconnect this channel is refused, and the channel keeps its token.
    const other = await createMastodonAccount({ prefix: "other" });
    const third = await authorize(other, { channelId });
    const refused = await callback(third.back.searchParams);
    expect(refused.searchParams.get("error")).toMatch(/signed in as @.* but this channel publishes as/);
    expect((await db.channel.findUniqueOrThrow({ where: { id: channelId } })).credentialsEnc).toBe(
      after.credentialsEnc,
    );
  });

  it("unknown, reused, expired and another person's state: error redirect, nothing written", async () => {
    const account = await createMastodonAccount({ prefix: "state" });

    const unknown = await callback(new URLSearchParams({ code: "abc", state: "not-a-state" }));
    expect(unknown.searchParams.get("error")).toMatch(/unknown/);

    // Reused: the first callback connects; the same code and state again change nothing.
    const { back } = await authorize(account);
    expect((await callback(back.searchParams)).searchParams.get("connected")).toBeTruthy();
    const snapshot = await db.channel.findMany({ where: { workspaceId } });
    const reused = await callback(back.searchParams);
    expect(reused.searchParams.get("error")).toMatch(/already used/);
    expect(await db.channel.findMany({ where: { workspaceId } })).toEqual(snapshot);

    // Expired: ten minutes passed between connect and callback.
    const late = await authorize(account);
    const stateHash = hashOAuthState(late.back.searchParams.get("state") ?? "");
    await db.oAuthAuthorization.update({ where: { stateHash }, data: { expiresAt: new Date(Date.now() - 1000) } });
    const expired = await callback(late.back.searchParams);
    expect(expired.searchParams.get("error")).toMatch(/expired/);
    expect((await db.oAuthAuthorization.findUniqueOrThrow({ where: { stateHash } })).usedAt).toBeNull();

    // Another person (another workspace's session) cannot finish it.
    const theirs = await authorize(account);
    const { workspace: other } = await createWorkspace({ name: "Other" });
    const otherCookie = await signIn([other.id]);
    const stolen = await callback(theirs.back.searchParams, otherCookie);
    expect(stolen.searchParams.get("error")).toMatch(/unknown/);
    expect(await db.channel.count({ where: { workspaceId: other.id } })).toBe(0);

    // The person declined on the server.
    const declined = await callback(
      new URLSearchParams({ error: "access_denied", error_description: "The user said no" }),
    );
    expect(declined.searchParams.get("error")).toMatch(/The user said no/);
    expect(await db.channel.findMany({ where: { workspaceId } })).toEqual(snapshot);
  });

  it("refuses a bad server URL (400), an unknown channel (404) and an API token (403), writing nothing", async () => {
    for (const serverUrl of [
      "ftp://example.com",
      "https://mastodon.example/some/path",
      "https://user:pw@mastodon.example",
    ]) {
      const res = await startConnect({ serverUrl });
      expect(res.status, serverUrl).toBe(400);
      expect(res.json.error.message).toMatch(/serverUrl/);
    }
    const notPermitted = await startConnect({ serverUrl: "http://10.1.2.3" });
    expect(notPermitted.status).toBe(422);
    expect(notPermitted.json.error.message).toMatch(/private address/);
    const unknownChannel = await startConnect({ serverUrl: mastodonTestUrl(), channelId: "nope" });
    expect(unknownChannel.status).toBe(404);
    const byToken = await callRoute(connectRoute.POST, {
      method: "POST",
      path: "/api/channels/connect/mastodon",
      token: apiToken,
      body: { serverUrl: mastodonTestUrl() },
    });
    expect(byToken.status).toBe(403);
    expect(await db.oAuthAuthorization.count({ where: { workspaceId } })).toBe(0);
  });
});
