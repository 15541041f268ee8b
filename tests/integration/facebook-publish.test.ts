import { randomUUID } from "node:crypto";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { createFacebookAdapter } from "@/lib/publishing/networks/facebook/adapter";
import { getPlatformAdapter } from "@/lib/publishing/networks/get-platform-adapter";
import { platformAvailability } from "@/lib/publishing/networks/platform-availability";
import {
  type PublishableMedia,
  type PublishablePost,
  PublishError,
  type PublishRequest,
} from "@/lib/publishing/networks/types";
import { startMetaStub } from "@/tests/helpers/facebook-stub-setup";
import { publishablePost } from "@/tests/helpers/publish-request";
import { graphError, type MetaStubState, throttledAnswer } from "@/tests/stubs/meta";
import type { StubServer } from "@/tests/stubs/stub-server";

// Publishing to a Facebook Page through the FACEBOOK adapter against the Meta stub (tests/stubs/meta.ts).

const PAGE = "1000000001";
let stub: StubServer;
let state: MetaStubState;
let adapter: ReturnType<typeof createFacebookAdapter>;

beforeAll(async () => {
  const meta = await startMetaStub();
  state = meta.state;
  stub = meta.server;
  adapter = createFacebookAdapter({ fetch: meta.fetch, settings: meta.settings });
});
afterAll(() => stub.close());
beforeEach(() => {
  stub.reset();
  state.posts.length = 0;
  state.photos.length = 0;
  state.revoked.clear();
});

const pageToken = () => state.pageToken(PAGE, true);

function photo(name: string, altText: string | null, extra: Partial<PublishableMedia> = {}): PublishableMedia {
  const id = randomUUID();
  return {
    id,
    name,
    kind: "IMAGE",
    mimeType: "image/jpeg",
    bytes: 120_000,
    sha256: "0".repeat(64),
    width: 1200,
    height: 800,
    durationMs: null,
    altText,
    url: `https://cadence.example/media/${id}/original?exp=1&sig=abc`,
    ...extra,
  };
}

/** A publish request as the core makes it; `saved` collects the checkpoints, `state` the merged state. */
function request(
  post: Partial<PublishablePost>,
  opts: { state?: Record<string, unknown>; token?: string; checkpoint?: (patch: Record<string, unknown>) => void } = {},
) {
  const merged: Record<string, unknown> = { ...(opts.state ?? {}) };
  const saved: Record<string, unknown>[] = [];
  const req: PublishRequest = {
    post: publishablePost(post),
    channel: {
      id: randomUUID(),
      displayName: "Cadence Bakery",
      platform: "FACEBOOK",
      config: { pageId: PAGE, accountId: PAGE },
    },
    credentials: { accessToken: opts.token ?? pageToken(), refreshToken: null, expiresAt: null, scope: null },
    idempotencyKey: randomUUID(),
    signal: AbortSignal.timeout(20_000),
    state: { ...merged },
    checkpoint: async (patch) => {
      opts.checkpoint?.(patch);
      saved.push(patch);
      Object.assign(merged, patch);
    },
    refreshCredentials: async (fn) => fn({}),
  };
  return { req, saved, merged };
}

const feedPosts = () => stub.received("POST", new RegExp(`/${PAGE}/feed$`));
const isFeedPost = { method: "POST", path: new RegExp(`^/v\\d+\\.\\d+/${PAGE}/feed$`) };

async function failure(p: Promise<unknown>): Promise<PublishError> {
  const err = await p.then(
    () => null,
    (e) => e,
  );
  expect(err).toBeInstanceOf(PublishError);
  return err as PublishError;
}

describe("Facebook adapter: publishing", () => {
  it("is the FACEBOOK adapter and connects through OAuth", () => {
    expect(getPlatformAdapter("FACEBOOK").platform).toBe("FACEBOOK");
    expect(platformAvailability("FACEBOOK")).toEqual({ canPublish: true, connect: "oauth", comingLater: false });
  });

  it("posts text to the Page feed and links the receipt to the post's permalink", async () => {
    const { req } = request({ content: "Fresh sourdough at 7 am ☀️" });
    const receipt = await adapter.publish(req);
    expect(state.posts).toHaveLength(1);
    const [made] = state.posts;
    expect(made).toMatchObject({ message: "Fresh sourdough at 7 am ☀️", link: null, photoIds: [] });
    expect(receipt).toEqual({ platformPostId: made?.id, url: made?.permalinkUrl, httpStatus: 200 });
    expect(feedPosts()[0]?.form?.get("access_token")).toBe(pageToken());
  });

  it("sends the text's first URL as the link of a post without media", async () => {
    const { req } = request({ content: "Our new menu: https://bakery.example/menu?lang=en. See you!" });
    await adapter.publish(req);
    expect(state.posts[0]).toMatchObject({ link: "https://bakery.example/menu?lang=en" });
    expect(state.posts[0]?.message).toBe("Our new menu: https://bakery.example/menu?lang=en. See you!");
  });

  it("uploads two photos unpublished with their alt text, then posts them together", async () => {
    const media = [photo("loaf.jpg", "A crusty loaf on a board"), photo("buns.jpg", "Six cinnamon buns")];
    const { req, saved } = request({ content: "Two new bakes", media });
    const receipt = await adapter.publish(req);
    expect(state.photos.map((p) => [p.url, p.altText, p.published])).toEqual([
      [media[0]?.url, "A crusty loaf on a board", false],
      [media[1]?.url, "Six cinnamon buns", false],
    ]);
    expect(state.posts).toHaveLength(1);
    expect(state.posts[0]?.photoIds).toEqual(state.photos.map((p) => p.id));
    expect(state.posts[0]?.link).toBeNull();
    expect(receipt.platformPostId).toBe(state.posts[0]?.id);
    // each photo id was checkpointed as it arrived, then the send time, before the feed post
    expect(saved.map((s) => Object.keys(s)[0])).toEqual(["facebookPhotos", "facebookPhotos", "facebookSentAt"]);
  });

  it("a crash between the photo uploads and the feed post resumes with the same photos", async () => {
    const media = [photo("a.jpg", "First"), photo("b.jpg", "Second")];
    const first = request(
      { content: "Resumed after a crash", media },
      {
        checkpoint: (patch) => {
          if ("facebookSentAt" in patch) throw new Error("worker died");
        },
      },
    );
    await expect(adapter.publish(first.req)).rejects.toThrow("worker died");
    expect(state.photos).toHaveLength(2);
    expect(feedPosts()).toHaveLength(0);
    expect(adapter.canConfirmLostAnswer?.(first.merged)).toBe(true);

    const second = request({ ...first.req.post }, { state: first.merged });
    const receipt = await adapter.publish(second.req);
    expect(state.photos).toHaveLength(2);
    expect(state.posts).toHaveLength(1);
    expect(state.posts[0]?.photoIds).toEqual(state.photos.map((p) => p.id));
    expect(receipt.platformPostId).toBe(state.posts[0]?.id);
  });

  it("kept photo ids Meta no longer knows are uploaded again", async () => {
    const media = [photo("a.jpg", null)];
    const { req } = request(
      { content: "Photos gone stale", media },
      { state: { facebookPhotos: [{ itemId: media[0]?.id, photoId: "999" }] } },
    );
    await adapter.publish(req);
    expect(state.photos).toHaveLength(1);
    expect(state.posts[0]?.photoIds).toEqual([state.photos[0]?.id]);
  });
});

describe("Facebook adapter: a lost answer never becomes a second post", () => {
  it("finds the post on the Page when the feed post's answer is lost", async () => {
    stub.fail({ match: isFeedPost, fail: "drop-answer" });
    const { req } = request({ content: "Answer lost, post made" });
    const receipt = await adapter.publish(req);
    expect(state.posts).toHaveLength(1);
    expect(feedPosts()).toHaveLength(1);
    expect(receipt).toMatchObject({ platformPostId: state.posts[0]?.id, url: state.posts[0]?.permalinkUrl });
    const looked = stub.received("GET", new RegExp(`/${PAGE}/feed$`));
    expect(looked).toHaveLength(1);
    expect(looked[0]?.query.get("fields")).toBe("id,message,created_time,permalink_url");
    expect(Number(looked[0]?.query.get("since"))).toBeGreaterThan(0);
  });

  it("reports an unknown outcome when the post is not on the Page, and a later attempt never sends it again", async () => {
    stub.fail({ match: isFeedPost, fail: "drop-request" });
    const first = request({ content: "Answer lost, nothing made" });
    const err = await failure(adapter.publish(first.req));
    expect(err.kind).toBe("unknown_outcome");
    expect(state.posts).toHaveLength(0);
    expect(typeof first.merged.facebookSentAt).toBe("string");
    expect(adapter.canConfirmLostAnswer?.(first.merged)).toBe(true);

    const again = request({ ...first.req.post }, { state: first.merged });
    expect((await failure(adapter.publish(again.req))).kind).toBe("unknown_outcome");
    expect(feedPosts()).toHaveLength(1);
    expect(state.posts).toHaveLength(0);
  });

  it("a later attempt finds the post an earlier one made and sends nothing", async () => {
    const first = request({ content: "Made by the attempt that died" });
    await adapter.publish(first.req);
    const again = request({ ...first.req.post }, { state: { facebookSentAt: new Date().toISOString() } });
    const receipt = await adapter.publish(again.req);
    expect(receipt.platformPostId).toBe(state.posts[0]?.id);
    expect(feedPosts()).toHaveLength(1);
  });

  it("a 5xx on the feed post (it may have acted) is looked up too", async () => {
    stub.fail({ match: isFeedPost, fail: graphError(2, "Service temporarily unavailable") });
    const err = await failure(adapter.publish(request({ content: "Five hundred" }).req));
    expect(err.kind).toBe("unknown_outcome");
    expect(stub.received("GET", new RegExp(`/${PAGE}/feed$`))).toHaveLength(1);
  });
});

describe("Facebook adapter: errors as Meta says them", () => {
  it("a revoked Page token needs a reconnect (#190)", async () => {
    state.revoked.add(pageToken());
    const err = await failure(adapter.publish(request({ content: "Token revoked" }).req));
    expect(err.kind).toBe("reconnect");
    expect(err.message).toContain("changed their password");
    expect(state.posts).toHaveLength(0);
  });

  it("throttling (#80001) is transient with the wait X-Business-Use-Case-Usage gives", async () => {
    stub.fail({ match: isFeedPost, fail: throttledAnswer(PAGE, 9) });
    const err = await failure(adapter.publish(request({ content: "Too many calls" }).req));
    expect(err.kind).toBe("transient");
    expect(err.retryAfterMs).toBe(9 * 60_000);
    expect(err.message).toContain("too many calls");
  });

  it("a refused post clears the send time, so the retry may send", async () => {
    stub.fail({ match: isFeedPost, fail: throttledAnswer(PAGE, 1) });
    const first = request({ content: "Refused, then sent" });
    await failure(adapter.publish(first.req));
    expect(first.merged.facebookSentAt).toBeNull();
    const again = request({ ...first.req.post }, { state: first.merged });
    await adapter.publish(again.req);
    expect(state.posts).toHaveLength(1);
  });

  it("content policy (#368) is permanent with Meta's words", async () => {
    stub.fail({
      match: isFeedPost,
      fail: graphError(368, "The action attempted has been deemed abusive or is otherwise disallowed"),
    });
    const err = await failure(adapter.publish(request({ content: "Blocked" }).req));
    expect(err.kind).toBe("permanent");
    expect(err.message).toContain("deemed abusive");
  });

  it("a duplicate of a post just made is refused (#506) as permanent", async () => {
    await adapter.publish(request({ content: "Said twice" }).req);
    const err = await failure(adapter.publish(request({ content: "Said twice" }).req));
    expect(err.kind).toBe("permanent");
    expect(err.message).toMatch(/Duplicate status message/);
    expect(state.posts).toHaveLength(1);
  });

  it("a photo Meta cannot read (#324) is permanent, and nothing is posted", async () => {
    stub.fail({
      match: { method: "POST", path: new RegExp(`/${PAGE}/photos$`) },
      fail: graphError(324, "(#324) Missing or invalid image file"),
    });
    const err = await failure(adapter.publish(request({ content: "Bad photo", media: [photo("x.jpg", null)] }).req));
    expect(err.kind).toBe("permanent");
    expect(err.message).toContain("Missing or invalid image file");
    expect(feedPosts()).toHaveLength(0);
  });

  it("refuses videos, media without a public URL and unreadable photos over 10 MB before any request", async () => {
    const video = photo("clip.mp4", null, { kind: "VIDEO", mimeType: "video/mp4", durationMs: 5000 });
    expect((await failure(adapter.publish(request({ content: "v", media: [video] }).req))).message).toMatch(/videos/);
    const local = photo("a.jpg", null, { url: null, urlProblem: "PUBLIC_URL is not set" });
    expect((await failure(adapter.publish(request({ content: "l", media: [local] }).req))).message).toMatch(
      /PUBLIC_URL is not set/,
    );
    // over 10 MB: only a copy could go, and without its stored file none can be made
    const huge = photo("big.jpg", null, { bytes: 12_000_000 });
    const err = await failure(adapter.publish(request({ content: "h", media: [huge] }).req));
    expect(err.kind).toBe("permanent");
    expect(err.message).toMatch(/stored file is not known/);
    expect(stub.requests).toHaveLength(0);
  });

  it("a channel without a Page id or token needs a reconnect", async () => {
    const { req } = request({ content: "x" });
    const err = await failure(adapter.publish({ ...req, credentials: {} }));
    expect(err.kind).toBe("reconnect");
  });
});

describe("Facebook adapter: metrics", () => {
  /** The adapter's metrics() for the post `req` published as `platformPostId`, as the metrics collector asks. */
  const readMetrics = (req: PublishRequest, platformPostId: string) =>
    adapter.metrics?.({
      postId: req.post.id,
      channel: req.channel,
      credentials: req.credentials,
      platformPostId,
      publishedAt: new Date(),
      at: new Date(),
      signal: AbortSignal.timeout(10_000),
      refreshCredentials: async (fn) => fn({}),
    });

  it("reads reactions, comments, shares, insights and the Page's followers", async () => {
    const { req } = request({ content: "Counted" });
    const { platformPostId } = await adapter.publish(req);
    const made = state.posts[0];
    if (!made) throw new Error("no post");
    Object.assign(made, { reactions: 12, comments: 3, shares: 2 });
    made.insights = { post_media_view: 480, post_total_media_view_unique: 310, post_clicks: 17 };
    const metrics = await readMetrics(req, platformPostId);
    expect(metrics).toEqual({
      impressions: 480,
      reach: 310,
      likes: 12,
      comments: 3,
      shares: 2,
      saves: 0,
      clicks: 17,
      followers: 1520,
    });
    const insights = stub.received("GET", /\/insights$/);
    expect(insights[0]?.query.get("metric")).toBe("post_media_view,post_total_media_view_unique,post_clicks");
  });

  it("still reports the counts when Meta refuses the insights", async () => {
    const { req } = request({ content: "Insights refused" });
    const { platformPostId } = await adapter.publish(req);
    stub.fail({
      match: { method: "GET", path: /\/insights$/ },
      fail: graphError(100, "(#100) The value must be a valid insights metric"),
    });
    const metrics = await readMetrics(req, platformPostId);
    expect(metrics).toMatchObject({ impressions: null, reach: null, likes: 0, shares: 0, clicks: 0, followers: 1520 });
  });
});
