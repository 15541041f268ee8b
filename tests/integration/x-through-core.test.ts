import { randomBytes } from "node:crypto";
import { rm } from "node:fs/promises";
import path from "node:path";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import * as retryRoute from "@/app/api/posts/[id]/retry/route";
import { decryptCredentials } from "@/lib/crypto/credentials";
import { getEnv } from "@/lib/env";
import { parseAllowCidrs } from "@/lib/net/outbound-guard";
import { createXAdapter } from "@/lib/publishing/networks/x/adapter";
import type { XSettings } from "@/lib/publishing/networks/x/config";
import { createXOAuthNetwork } from "@/lib/publishing/networks/x/oauth";
import { callRoute, isolateAppSingletons } from "@/tests/helpers/call-route";
import { createTestChannel } from "@/tests/helpers/factories";
import { publishDuePost, publishThroughCore } from "@/tests/helpers/publish-through-core";
import { setupTestWorkspaces } from "@/tests/helpers/test-workspaces";
import { makeNoisePng, makePng, uploadMedia } from "@/tests/helpers/upload-media";
import { type StubServer, startStubServer } from "@/tests/stubs/stub-server";
import { createXStub, type XStubState } from "@/tests/stubs/x";

// An X channel published the way the worker does it (claim → publishPost → finishPublication), against the X stub:
// library media read from storage, the token renewed under the channel's lock and stored encrypted, a lost answer
// becoming UNCONFIRMED, a refused renewal putting the channel in "needs reconnect".

const { db, createWorkspace } = setupTestWorkspaces({
  app: isolateAppSingletons(),
  sql: true,
  cleanup: async ({ workspaceIds }) => {
    for (const id of workspaceIds)
      await rm(path.resolve(getEnv().MEDIA_LOCAL_DIR, id), { recursive: true, force: true });
  },
});
const allowLoopback = () => ({ allowCidrs: parseAllowCidrs("127.0.0.1/32") });
let server: StubServer;
let stub: XStubState;
let settings: XSettings;
let workspaceId: string;
let token: string;
const adapter = () => {
  const s = () => settings;
  return createXAdapter({
    settings: s,
    network: createXOAuthNetwork({ settings: s, policy: allowLoopback }),
    policy: allowLoopback,
  });
};
const me = () => [...stub.users.values()][0] as { id: string; username: string };

beforeAll(async () => {
  const created = createXStub();
  stub = created.state;
  server = await startStubServer(created.routes);
  settings = { apiUrl: server.url, authUrl: server.url, app: { ...stub.app } };
});
afterAll(() => server.close());

beforeEach(async () => {
  const created = await createWorkspace();
  workspaceId = created.workspace.id;
  token = created.token;
  server.reset();
});

async function xChannel(opts: { expiresInSec?: number; credentials?: Record<string, unknown> } = {}) {
  const tokens = stub.issueTokens(me().id, { expiresInSec: opts.expiresInSec ?? 7200 });
  return createTestChannel(db, {
    workspaceId,
    platform: "TWITTER",
    displayName: `@${me().username}`,
    config: { userId: me().id, username: me().username },
    credentials: opts.credentials ?? {
      accessToken: tokens.accessToken,
      refreshToken: tokens.refreshToken,
      expiresAt: new Date(Date.now() + (opts.expiresInSec ?? 7200) * 1000).toISOString(),
      scope: "tweet.read tweet.write users.read media.write offline.access",
    },
  });
}

async function publishThroughClaim(body: Record<string, unknown>) {
  return (await publishThroughCore({ token, workspaceId, body, adapter: adapter() })).result;
}

/** Claims the due post `postId` at `version` and publishes it as the worker does; its (only) result row. */
async function publishClaimed(postId: string, version: number) {
  return (await publishDuePost({ postId, version, workspaceId, adapter: adapter() })).result;
}

describe("an X channel through the publishing core", () => {
  it("publishes text and a library image with its alt text; the result has the post's x.com address", async () => {
    const channel = await xChannel();
    const image = await uploadMedia(token, await makePng(90, 30, "#aa2200"), "band.png");
    const content = `From the library ${randomBytes(6).toString("hex")}`;
    const result = await publishThroughClaim({
      content,
      channelIds: [channel.id],
      media: [{ id: image.id, altText: "A red band" }],
      scheduledAt: "2099-01-01T10:00:00Z",
    });
    expect(result).toMatchObject({ status: "SUCCEEDED", errorMessage: null, attempts: 1, responseStatus: 201 });
    const post = stub.posts.find((p) => p.id === result.platformPostId);
    expect(post?.text).toBe(content);
    expect(result.url).toBe(`https://x.com/${me().username}/status/${post?.id}`);
    const mediaId = post?.mediaIds[0] ?? "";
    expect(stub.media.get(mediaId)?.altText).toBe("A red band");
    expect(stub.media.get(mediaId)?.totalBytes).toBe(image.bytes);
  });

  it("an image over X's 5 MB goes as the JPEG copy that fits (made once, kept as the x-image variant)", async () => {
    const channel = await xChannel();
    // Noise does not compress: the PNG is over 5,000,000 bytes.
    const noise = await makeNoisePng(1400, 1300);
    expect(noise.length).toBeGreaterThan(5_000_000);
    const item = await uploadMedia(token, noise, "noise.png");
    const result = await publishThroughClaim({
      content: `Noise ${randomBytes(6).toString("hex")}`,
      channelIds: [channel.id],
      media: [{ id: item.id, altText: "Static" }],
      scheduledAt: "2099-01-01T10:00:00Z",
    });
    expect(result.status).toBe("SUCCEEDED");
    const variant = await db.mediaVariant.findUniqueOrThrow({
      where: { mediaId_purpose: { mediaId: item.id, purpose: "x-image" } },
    });
    expect(variant.mimeType).toBe("image/jpeg");
    const init = server.received("POST", "/2/media/upload/initialize")[0]?.json;
    expect(init).toEqual({
      media_type: "image/jpeg",
      total_bytes: Number(variant.bytes),
      media_category: "tweet_image",
    });
    expect(Number(variant.bytes)).toBeLessThanOrEqual(5_000_000);
  });

  it("renews an expiring token first and stores X's rotated tokens encrypted on the channel", async () => {
    const channel = await xChannel({ expiresInSec: 60 });
    const before = decryptCredentials(
      (await db.channel.findUniqueOrThrow({ where: { id: channel.id } })).credentialsEnc ?? "",
    );
    const result = await publishThroughClaim({
      content: `Renewed ${randomBytes(6).toString("hex")}`,
      channelIds: [channel.id],
      scheduledAt: "2099-01-01T10:00:00Z",
    });
    expect(result.status).toBe("SUCCEEDED");
    const stored = await db.channel.findUniqueOrThrow({ where: { id: channel.id } });
    const after = decryptCredentials(stored.credentialsEnc ?? "");
    expect(after.refreshToken).not.toBe(before.refreshToken);
    expect(stub.refreshTokens.has(String(after.refreshToken))).toBe(true);
    expect(Date.parse(String(after.expiresAt))).toBeGreaterThan(Date.now() + 3_600_000);
    expect(String(server.received("POST", "/2/tweets")[0]?.headers.authorization)).toBe(`Bearer ${after.accessToken}`);
  });

  it("a refused renewal puts the channel in 'needs reconnect' and posts nothing", async () => {
    const channel = await xChannel({
      credentials: {
        accessToken: "expired",
        refreshToken: "revoked",
        expiresAt: new Date(Date.now() - 1000).toISOString(),
        scope: null,
      },
    });
    const result = await publishThroughClaim({
      content: "never",
      channelIds: [channel.id],
      scheduledAt: "2099-01-01T10:00:00Z",
    });
    expect(result.status).toBe("FAILED");
    expect(result.errorMessage).toContain("Value passed for the token was invalid.");
    const stored = await db.channel.findUniqueOrThrow({ where: { id: channel.id } });
    expect(stored.needsReconnectAt).not.toBeNull();
    expect(server.received("POST", "/2/tweets")).toHaveLength(0);
  });

  it("a lost answer whose post cannot be found is UNCONFIRMED, with one request and no post twice", async () => {
    const channel = await xChannel();
    const content = `Lost ${randomBytes(6).toString("hex")}`;
    server.fail({ match: { method: "POST", path: "/2/tweets" }, fail: "drop-request" });
    const result = await publishThroughClaim({
      content,
      channelIds: [channel.id],
      scheduledAt: "2099-01-01T10:00:00Z",
    });
    expect(result.status).toBe("UNCONFIRMED");
    expect(result.errorMessage).toMatch(/not among @cadence_stub's recent posts/);
    expect(server.received("POST", "/2/tweets")).toHaveLength(1);
  });

  it("Publish again anyway after an UNCONFIRMED result sends the post again (once), instead of only looking", async () => {
    const channel = await xChannel();
    const content = `Again anyway ${randomBytes(6).toString("hex")}`;
    server.fail({ match: { method: "POST", path: "/2/tweets" }, fail: "drop-request" });
    const lost = await publishThroughClaim({ content, channelIds: [channel.id], scheduledAt: "2099-01-01T10:00:00Z" });
    expect(lost.status).toBe("UNCONFIRMED");
    expect(stub.posts.filter((p) => p.text === content)).toHaveLength(0);
    const { postId } = await db.publication.findUniqueOrThrow({ where: { id: lost.publicationId } });

    const retried = await callRoute(retryRoute.POST, {
      method: "POST",
      path: `/api/posts/${postId}/retry`,
      token,
      params: { id: postId },
      body: { channelIds: [channel.id], publishAgainAnyway: true },
    });
    expect(retried.status, retried.text).toBe(200);
    const post = await db.post.findUniqueOrThrow({ where: { id: postId } });
    const result = await publishClaimed(post.id, post.version);
    expect(result).toMatchObject({ id: lost.id, status: "SUCCEEDED", errorMessage: null });
    const made = stub.posts.filter((p) => p.text === content);
    expect(made.map((p) => p.id)).toEqual([result.platformPostId]);
    expect(server.received("POST", "/2/tweets")).toHaveLength(2);
  });

  it("a second post with the text of one published a minute ago is X's duplicate refusal, not that post", async () => {
    const channel = await xChannel();
    const content = `Twice ${randomBytes(6).toString("hex")}`;
    const first = await publishThroughClaim({ content, channelIds: [channel.id], scheduledAt: "2099-01-01T10:00:00Z" });
    expect(first.status).toBe("SUCCEEDED");
    const second = await publishThroughClaim({
      content,
      channelIds: [channel.id],
      scheduledAt: "2099-01-01T10:00:00Z",
    });
    expect(second).toMatchObject({ status: "FAILED", platformPostId: null, url: null, errorKind: "permanent" });
    expect(second.errorMessage).toContain("You are not allowed to create a Tweet with duplicate content.");
    expect(stub.posts.filter((p) => p.text === content).map((p) => p.id)).toEqual([first.platformPostId]);

    // Nor is it the post a third one's lost request is looked up as: that one never reached X.
    server.fail({ match: { method: "POST", path: "/2/tweets" }, fail: "drop-request" });
    const third = await publishThroughClaim({ content, channelIds: [channel.id], scheduledAt: "2099-01-01T10:00:00Z" });
    expect(third).toMatchObject({ status: "UNCONFIRMED", platformPostId: null });
    expect(stub.posts.filter((p) => p.text === content)).toHaveLength(1);
  });

  it("a lost answer whose post is there is SUCCEEDED with that post", async () => {
    const channel = await xChannel();
    const content = `Found ${randomBytes(6).toString("hex")}`;
    server.fail({ match: { method: "POST", path: "/2/tweets" }, fail: "drop-answer" });
    const result = await publishThroughClaim({
      content,
      channelIds: [channel.id],
      scheduledAt: "2099-01-01T10:00:00Z",
    });
    expect(result.status).toBe("SUCCEEDED");
    const made = stub.posts.filter((p) => p.text === content);
    expect(made.map((p) => p.id)).toEqual([result.platformPostId]);
  });
});
