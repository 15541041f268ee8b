import { createHash, randomUUID } from "node:crypto";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { createLocalDiskStorage } from "@/lib/media/storage/local-disk";
import { parseAllowCidrs } from "@/lib/net/outbound-guard";
import {
  type PublishableMedia,
  type PublishablePost,
  PublishError,
  type PublishRequest,
} from "@/lib/publishing/networks/types";
import { createXAdapter, type XAdapterOptions } from "@/lib/publishing/networks/x/adapter";
import type { XSettings } from "@/lib/publishing/networks/x/config";
import { createXOAuthNetwork } from "@/lib/publishing/networks/x/oauth";
import { generatedBuffer } from "@/tests/helpers/media-bytes";
import { publishablePost, storedMedia } from "@/tests/helpers/publish-request";
import { makePng } from "@/tests/helpers/upload-media";
import { type StubServer, startStubServer } from "@/tests/stubs/stub-server";
import { createXStub, type XStubState, zeroMetrics } from "@/tests/stubs/x";

// Publishing to X through the TWITTER adapter (twitter-api-v2) against the X stub (tests/stubs/x.ts).

const mediaDir = mkdtempSync(path.join(tmpdir(), "cadence-x-"));
const storage = createLocalDiskStorage({ root: mediaDir });
const allowLoopback = () => ({ allowCidrs: parseAllowCidrs("127.0.0.1/32") });

let server: StubServer;
let stub: XStubState;
let settings: XSettings;
let images: PublishableMedia[];
const user = () => [...stub.users.values()][0] as { id: string; username: string };

function adapterWith(opts: XAdapterOptions = {}) {
  const s = () => settings;
  return createXAdapter({
    settings: s,
    network: createXOAuthNetwork({ settings: s, policy: allowLoopback }),
    policy: allowLoopback,
    storage: () => storage,
    maxPollWaitMs: 20,
    ...opts,
  });
}

const stored = (bytes: Buffer, media: Partial<PublishableMedia>) => storedMedia(storage, bytes, media);

beforeAll(async () => {
  const created = createXStub();
  stub = created.state;
  server = await startStubServer(created.routes);
  settings = { apiUrl: server.url, authUrl: server.url, app: { ...stub.app } };
  images = [
    await stored(await makePng(80, 60, "#cc2222"), { name: "red.png", altText: "A red rectangle" }),
    await stored(await makePng(80, 60, "#2222cc"), { name: "blue.png", altText: "A blue rectangle" }),
  ];
});

afterAll(async () => {
  await server.close();
  rmSync(mediaDir, { recursive: true, force: true });
});

beforeEach(() => server.reset());

/** A publish request as the publishing core makes it, with an in-memory checkpoint and credential store. */
function request(
  post: Partial<PublishablePost>,
  opts: { credentials?: Record<string, unknown>; state?: Record<string, unknown> } = {},
) {
  const state: Record<string, unknown> = { ...(opts.state ?? {}) };
  const tokens = stub.issueTokens(user().id);
  const store = {
    credentials: opts.credentials ?? {
      accessToken: tokens.accessToken,
      refreshToken: tokens.refreshToken,
      expiresAt: new Date(Date.now() + 7_200_000).toISOString(),
      scope: "tweet.read tweet.write users.read media.write offline.access",
    },
  };
  const req: PublishRequest = {
    post: publishablePost({ content: `hello ${randomUUID()}`, ...post }),
    channel: {
      id: randomUUID(),
      displayName: `@${user().username}`,
      platform: "TWITTER",
      config: { userId: user().id, username: user().username },
    },
    credentials: store.credentials,
    idempotencyKey: randomUUID(),
    signal: new AbortController().signal,
    state: { ...state },
    checkpoint: async (patch) => {
      Object.assign(state, patch);
    },
    refreshCredentials: async (fn) => {
      store.credentials = await fn(store.credentials);
      return store.credentials;
    },
  };
  return { req, state, store };
}

const postsOf = () => stub.postsOf(user().id);

async function failure(promise: Promise<unknown>): Promise<PublishError> {
  const error = await promise.catch((e: unknown) => e);
  expect(error).toBeInstanceOf(PublishError);
  return error as PublishError;
}

describe("publishing to X", () => {
  it("posts text and answers with the post's id and its x.com address", async () => {
    const content = `Plain text ${randomUUID()}`;
    const { req } = request({ content });
    const receipt = await adapterWith().publish(req);
    const post = postsOf().at(-1);
    expect(post?.text).toBe(content);
    expect(receipt).toEqual({
      platformPostId: post?.id,
      url: `https://x.com/${user().username}/status/${post?.id}`,
      httpStatus: 201,
    });
    const sent = server.received("POST", "/2/tweets");
    expect(sent).toHaveLength(1);
    expect(sent[0]?.json).toEqual({ text: content });
    expect(String(sent[0]?.headers.authorization)).toBe(`Bearer ${req.credentials.accessToken}`);
  });

  it("uploads two images in chunks (initialize, append, finalize) with their alt text, in order", async () => {
    const { req, state } = request({ content: `Two pictures ${randomUUID()}`, media: images });
    // Small segments so that each image takes several APPENDs.
    await adapterWith({ chunkBytes: 200 }).publish(req);
    const inits = server.received("POST", "/2/media/upload/initialize");
    expect(inits.map((r) => r.json)).toEqual(
      images.map((m) => ({ media_type: "image/png", total_bytes: m.bytes, media_category: "tweet_image" })),
    );
    const ids = (state.xMedia as { mediaId: string }[]).map((m) => m.mediaId);
    for (const [i, id] of ids.entries()) {
      const media = stub.media.get(id);
      const appends = server.received("POST", `/2/media/upload/${id}/append`);
      expect(appends.length).toBe(Math.ceil((images[i]?.bytes ?? 0) / 200));
      // The stub holds the segments in order: together they are the stored original.
      const joined = Buffer.concat([...(media?.segments.entries() ?? [])].sort((a, b) => a[0] - b[0]).map((e) => e[1]));
      expect(createHash("sha256").update(joined).digest("hex")).toBe(images[i]?.sha256);
      expect(server.received("POST", `/2/media/upload/${id}/finalize`)).toHaveLength(1);
      expect(media?.altText).toBe(images[i]?.altText);
    }
    expect(server.received("POST", "/2/media/metadata").map((r) => r.json)).toEqual([
      { id: ids[0], metadata: { alt_text: { text: "A red rectangle" } } },
      { id: ids[1], metadata: { alt_text: { text: "A blue rectangle" } } },
    ]);
    expect(postsOf().at(-1)?.mediaIds).toEqual(ids);
  });

  it("waits for X to process a video (STATUS polls) before posting it", async () => {
    stub.processingPolls = 2;
    try {
      const video = await stored(generatedBuffer(3000, 7), { kind: "VIDEO", mimeType: "video/mp4", name: "clip.mp4" });
      const { req } = request({ content: `A clip ${randomUUID()}`, media: [video] });
      await adapterWith({ chunkBytes: 1024 }).publish(req);
      expect(server.received("POST", "/2/media/upload/initialize")[0]?.json).toMatchObject({
        media_category: "tweet_video",
        media_type: "video/mp4",
      });
      const polls = server.received("GET", "/2/media/upload");
      expect(polls.map((r) => r.query.get("command"))).toEqual(["STATUS", "STATUS"]);
      // No alt text given: no metadata request.
      expect(server.received("POST", "/2/media/metadata")).toHaveLength(0);
      expect(postsOf().at(-1)?.mediaIds).toHaveLength(1);
    } finally {
      stub.processingPolls = 1;
    }
  });

  it("a video X fails to process is refused for good with X's reason, and nothing is posted", async () => {
    stub.failProcessing = true;
    try {
      const before = postsOf().length;
      const video = await stored(generatedBuffer(2000, 9), { kind: "VIDEO", mimeType: "video/mp4", name: "bad.mp4" });
      const error = await failure(adapterWith().publish(request({ media: [video] }).req));
      expect(error.kind).toBe("permanent");
      expect(error.message).toContain("Unsupported video format");
      expect(postsOf().length).toBe(before);
    } finally {
      stub.failProcessing = false;
    }
  });

  it("resumes after a crash between upload and post without uploading again", async () => {
    const content = `Resumed ${randomUUID()}`;
    const first = request({ content, media: images });
    // The worker dies as the post request leaves: the request never reaches X.
    server.fail({ match: { method: "POST", path: "/2/tweets" }, fail: "drop-request" });
    const crashed = adapterWith();
    const lost = await failure(crashed.publish(first.req));
    expect(lost.kind).toBe("unknown_outcome");
    expect(postsOf().some((p) => p.text === content)).toBe(false);
    const uploads = server.received("POST", "/2/media/upload/initialize").length;
    expect(uploads).toBe(2);

    // What a worker that died after the uploads left: the media ids, but no send time yet.
    const resumedState = { xMedia: first.state.xMedia };
    expect(crashed.canConfirmLostAnswer?.(resumedState)).toBe(true);
    const again = request({ ...first.req.post }, { state: resumedState });
    const receipt = await adapterWith().publish(again.req);
    expect(server.received("POST", "/2/media/upload/initialize")).toHaveLength(uploads);
    const made = postsOf().filter((p) => p.text === content);
    expect(made).toHaveLength(1);
    expect(made[0]?.id).toBe(receipt.platformPostId);
    expect(made[0]?.mediaIds).toEqual((first.state.xMedia as { mediaId: string }[]).map((m) => m.mediaId));
  });

  it("uploads anew when a kept media id is about to expire on X", async () => {
    const { req } = request(
      { media: [images[0] as PublishableMedia] },
      {
        state: {
          xMedia: [{ itemId: images[0]?.id, mediaId: "1", expiresAt: new Date(Date.now() + 60_000).toISOString() }],
        },
      },
    );
    await adapterWith().publish(req);
    expect(server.received("POST", "/2/media/upload/initialize")).toHaveLength(1);
    expect(postsOf().at(-1)?.mediaIds).not.toContain("1");
  });

  it("a lost answer is looked up in the user's recent posts: found, it is the one post", async () => {
    const content = `Lost answer & found ${randomUUID()}`;
    server.fail({ match: { method: "POST", path: "/2/tweets" }, fail: "drop-answer" });
    const { req, state } = request({ content, media: [images[0] as PublishableMedia] });
    const receipt = await adapterWith().publish(req);
    const made = postsOf().filter((p) => p.text === content);
    expect(made).toHaveLength(1);
    expect(receipt.platformPostId).toBe(made[0]?.id);
    expect(server.received("POST", "/2/tweets")).toHaveLength(1);
    const lookups = server.received("GET", `/2/users/${user().id}/tweets`);
    expect(lookups).toHaveLength(1);
    expect(lookups[0]?.query.get("tweet.fields")).toBe("created_at,attachments");
    expect(typeof state.xSentAt).toBe("string");
  });

  it("a lost answer not found among the recent posts is UNCONFIRMED, and nothing is sent again", async () => {
    const content = `Lost for good ${randomUUID()}`;
    // The request never reached X, but Cadence cannot know: no answer.
    server.fail({ match: { method: "POST", path: "/2/tweets" }, fail: "drop-request" });
    const adapter = adapterWith();
    const first = request({ content });
    const error = await failure(adapter.publish(first.req));
    expect(error.kind).toBe("unknown_outcome");
    expect(error.message).toMatch(/not among @cadence_stub's recent posts/);
    expect(server.received("POST", "/2/tweets")).toHaveLength(1);

    // Another attempt with that state (a worker taking over) looks again, and still does not send.
    expect(adapter.canConfirmLostAnswer?.(first.state)).toBe(true);
    const second = request({ ...first.req.post }, { state: first.state });
    expect((await failure(adapter.publish(second.req))).kind).toBe("unknown_outcome");
    expect(server.received("POST", "/2/tweets")).toHaveLength(1);
    expect(server.received("GET", `/2/users/${user().id}/tweets`)).toHaveLength(2);
    expect(postsOf().some((p) => p.text === content)).toBe(false);
  });

  it("an attempt whose earlier post request went out finds that post instead of posting again", async () => {
    const content = `Taken over ${randomUUID()}`;
    server.fail({ match: { method: "POST", path: "/2/tweets" }, fail: "drop-answer" });
    // The first worker's lookup fails too (X unreachable for it): unknown.
    server.fail({ match: { method: "GET", path: /^\/2\/users\/\d+\/tweets$/ }, fail: "drop-request" });
    const first = request({ content });
    expect((await failure(adapterWith().publish(first.req))).kind).toBe("unknown_outcome");
    const second = request({ ...first.req.post }, { state: first.state });
    const receipt = await adapterWith().publish(second.req);
    const made = postsOf().filter((p) => p.text === content);
    expect(made.map((p) => p.id)).toEqual([receipt.platformPostId]);
    expect(server.received("POST", "/2/tweets")).toHaveLength(1);
  });

  it("a refused token (401) is 'reconnect', with X's words", async () => {
    const { req } = request({}, { credentials: { accessToken: "revoked-token", expiresAt: null } });
    const error = await failure(adapterWith().publish(req));
    expect(error.kind).toBe("reconnect");
    expect(error.httpStatus).toBe(401);
    expect(error.message).toContain("Unauthorized");
    expect(server.received("POST", "/2/tweets")).toHaveLength(1);
  });

  it("a rate limit (429) is transient, retried after x-rate-limit-reset", async () => {
    const reset = Math.floor(Date.now() / 1000) + 600;
    server.fail({
      match: { method: "POST", path: "/2/tweets" },
      fail: {
        status: 429,
        headers: { "x-rate-limit-limit": "100", "x-rate-limit-remaining": "0", "x-rate-limit-reset": String(reset) },
        json: { title: "Too Many Requests", detail: "Too Many Requests", type: "about:blank", status: 429 },
      },
    });
    const { req, state } = request({});
    const error = await failure(adapterWith().publish(req));
    expect(error.kind).toBe("transient");
    expect(error.httpStatus).toBe(429);
    expect(error.retryAfterMs).toBeGreaterThan(590_000);
    expect(error.retryAfterMs).toBeLessThanOrEqual(600_000);
    expect(error.message).toContain("Too Many Requests");
    // A definite refusal: the send time is cleared, so a retry sends without looking.
    expect(state.xSentAt).toBeNull();
  });

  it("X's duplicate-content refusal of an older post's text is permanent, with X's words", async () => {
    const content = `Said before ${randomUUID()}`;
    await adapterWith().publish(request({ content }).req);
    // The stub's posts are older than a new send time minus the clock skew only if made earlier: age it.
    const older = postsOf().find((p) => p.text === content);
    if (older) older.createdAt = new Date(Date.now() - 3_600_000);
    const error = await failure(adapterWith().publish(request({ content }).req));
    expect(error.kind).toBe("permanent");
    expect(error.httpStatus).toBe(403);
    expect(error.message).toContain("You are not allowed to create a Tweet with duplicate content.");
    expect(postsOf().filter((p) => p.text === content)).toHaveLength(1);
  });

  it("a duplicate refusal of our own post (its answer lost on the way) is that post", async () => {
    const content = `Own duplicate ${randomUUID()}`;
    // X made the post, but answers 403 duplicate — as when a proxy repeated the request.
    server.fail({
      match: { method: "POST", path: "/2/tweets" },
      fail: {
        status: 403,
        json: {
          title: "Forbidden",
          detail: "You are not allowed to create a Tweet with duplicate content.",
          type: "about:blank",
          status: 403,
        },
      },
    });
    const mine = request({ content });
    const before = postsOf().length;
    // Make the post exist on X at send time.
    stub.posts.push({
      id: "1860000000000009999",
      authorId: user().id,
      text: content,
      createdAt: new Date(),
      mediaIds: [],
      metrics: { ...postsMetricsZero },
    });
    const receipt = await adapterWith().publish(mine.req);
    expect(receipt.platformPostId).toBe("1860000000000009999");
    expect(postsOf().length).toBe(before + 1);
  });

  it("an image X refuses (400) is permanent with X's message", async () => {
    server.fail({
      match: { method: "POST", path: /\/finalize$/ },
      fail: {
        status: 400,
        json: {
          errors: [{ message: "Image file size must be <= 5242880 bytes" }],
          title: "Invalid Request",
          detail: "One or more parameters to your request was invalid.",
          type: "https://api.twitter.com/2/problems/invalid-request",
        },
      },
    });
    const error = await failure(adapterWith().publish(request({ media: [images[1] as PublishableMedia] }).req));
    expect(error.kind).toBe("permanent");
    expect(error.httpStatus).toBe(400);
    expect(error.message).toContain("Image file size must be <= 5242880 bytes");
    expect(error.message).toContain("blue.png");
    expect(server.received("POST", "/2/tweets")).toHaveLength(0);
  });

  it("renews an expiring access token before publishing, storing X's new refresh token", async () => {
    const tokens = stub.issueTokens(user().id, { expiresInSec: 60 });
    const credentials = {
      accessToken: tokens.accessToken,
      refreshToken: tokens.refreshToken,
      expiresAt: new Date(Date.now() + 60_000).toISOString(),
      scope: "tweet.read",
    };
    const { req, store } = request({}, { credentials });
    await adapterWith().publish(req);
    const refreshes = server.received("POST", "/2/oauth2/token");
    expect(refreshes).toHaveLength(1);
    expect(refreshes[0]?.form?.get("grant_type")).toBe("refresh_token");
    expect(store.credentials.refreshToken).not.toBe(tokens.refreshToken);
    expect(stub.refreshTokens.has(String(store.credentials.refreshToken))).toBe(true);
    // The old refresh token was used up (X rotates them); the post went out with the new access token.
    expect(stub.refreshTokens.has(tokens.refreshToken)).toBe(false);
    const sent = server.received("POST", "/2/tweets")[0];
    expect(String(sent?.headers.authorization)).toBe(`Bearer ${store.credentials.accessToken}`);
  });

  it("a refused renewal is 'reconnect' and nothing is posted", async () => {
    const credentials = {
      accessToken: "expired",
      refreshToken: "already-used-refresh-token",
      expiresAt: new Date(Date.now() - 1000).toISOString(),
      scope: null,
    };
    const error = await failure(adapterWith().publish(request({}, { credentials }).req));
    expect(error.kind).toBe("reconnect");
    expect(error.message).toContain("Value passed for the token was invalid.");
    expect(server.received("POST", "/2/tweets")).toHaveLength(0);
  });
});

const postsMetricsZero = zeroMetrics();

describe("X metrics", () => {
  function metricsRequest(platformPostId: string) {
    const tokens = stub.issueTokens(user().id);
    return {
      postId: randomUUID(),
      channel: {
        id: randomUUID(),
        displayName: "@x",
        platform: "TWITTER" as const,
        config: { userId: user().id, username: user().username },
      },
      credentials: { accessToken: tokens.accessToken, expiresAt: null },
      platformPostId,
      publishedAt: new Date(),
      at: new Date(),
      signal: new AbortController().signal,
      refreshCredentials: async (fn: (c: Record<string, unknown>) => Promise<Record<string, unknown>>) => fn({}),
    };
  }

  it("reads impressions, likes, replies, reposts and quotes, bookmarks, link clicks and followers", async () => {
    const receipt = await adapterWith().publish(request({ content: `Counted ${randomUUID()}` }).req);
    const post = postsOf().find((p) => p.id === receipt.platformPostId);
    if (!post) throw new Error("no post");
    post.metrics = {
      impression_count: 900,
      like_count: 12,
      reply_count: 3,
      retweet_count: 4,
      quote_count: 2,
      bookmark_count: 5,
      url_link_clicks: 7,
      user_profile_clicks: 1,
    };
    const metrics = await adapterWith().metrics?.(metricsRequest(post.id));
    expect(metrics).toEqual({
      impressions: 900,
      reach: null,
      likes: 12,
      comments: 3,
      shares: 6,
      saves: 5,
      clicks: 7,
      followers: 1234,
    });
    expect(server.received("GET", `/2/tweets/${post.id}`)[0]?.query.get("tweet.fields")).toBe(
      "public_metrics,non_public_metrics,organic_metrics",
    );
  });

  it("falls back to public metrics when X refuses the private ones (a post older than 30 days)", async () => {
    const receipt = await adapterWith().publish(request({ content: `Old ${randomUUID()}` }).req);
    const post = postsOf().find((p) => p.id === receipt.platformPostId);
    if (!post) throw new Error("no post");
    post.createdAt = new Date(Date.now() - 40 * 86_400_000);
    post.metrics = { ...postsMetricsZero, impression_count: 50, like_count: 2, url_link_clicks: 9 };
    const metrics = await adapterWith().metrics?.(metricsRequest(post.id));
    expect(metrics).toMatchObject({ impressions: 50, likes: 2, clicks: 0 });
  });

  it("a post X does not have is a permanent error with X's words", async () => {
    const error = await failure(adapterWith().metrics?.(metricsRequest("1999999999999999999")) as Promise<unknown>);
    expect(error.kind).toBe("permanent");
    expect(error.message).toContain("Could not find tweet with id");
  });
});
