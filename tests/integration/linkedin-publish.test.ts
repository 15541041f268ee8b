import { randomUUID } from "node:crypto";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { createLocalDiskStorage } from "@/lib/media/storage/local-disk";
import { createGuardedFetch } from "@/lib/net/create-guarded-fetch";
import { parseAllowCidrs } from "@/lib/net/outbound-guard";
import { createLinkedInAdapter } from "@/lib/publishing/networks/linkedin/adapter";
import { LINKEDIN_VERSION } from "@/lib/publishing/networks/linkedin/linkedin-api";
import { toLittleCommentary } from "@/lib/publishing/networks/linkedin/little-text";
import { createLinkedInOAuthNetwork } from "@/lib/publishing/networks/linkedin/oauth";
import type { PublishableMedia, PublishablePost, PublishError, PublishRequest } from "@/lib/publishing/networks/types";
import { publishablePost, storedMedia } from "@/tests/helpers/publish-request";
import { makePng } from "@/tests/helpers/upload-media";
import {
  createLinkedInStub,
  LINKEDIN_STUB_ALL_SCOPES,
  LINKEDIN_STUB_CLIENT,
  type LinkedInStubState,
} from "@/tests/stubs/linkedin";
import { type StubServer, startStubServer } from "@/tests/stubs/stub-server";

// Publishing through the LINKEDIN adapter against the LinkedIn stub (tests/stubs/linkedin.ts): text, images with
// alt text, a link as an article, a crash between upload and post, lost answers, every error mapping, token
// refresh and metrics. The stub's state is what "exists on LinkedIn".

const MEMBER = "urn:li:person:782bbtaQ";
const ORG = "urn:li:organization:2414183";

const mediaDir = mkdtempSync(path.join(tmpdir(), "cadence-linkedin-"));
const storage = createLocalDiskStorage({ root: mediaDir });
const fetch = createGuardedFetch({ policy: () => ({ allowCidrs: parseAllowCidrs("127.0.0.1/32") }) });

let stub: StubServer;
let pages: StubServer;
let state: LinkedInStubState;
let token: string;
let red: PublishableMedia;
let blue: PublishableMedia;

const network = () =>
  createLinkedInOAuthNetwork({
    fetch,
    authUrl: () => stub.url,
    apiUrl: () => stub.url,
    app: () => ({ ...LINKEDIN_STUB_CLIENT }),
  });
const adapter = () =>
  createLinkedInAdapter({ fetch, apiUrl: () => stub.url, network: network(), storage: () => storage });

const stored = (name: string, bytes: Buffer, altText: string | null, mimeType = "image/png") =>
  storedMedia(storage, bytes, { name, altText, mimeType });

beforeAll(async () => {
  const made = createLinkedInStub();
  state = made.state;
  stub = await startStubServer(made.routes);
  const preview = await makePng(120, 63, "#118844");
  pages = await startStubServer([
    { method: "GET", path: "/launch.png", handle: () => ({ headers: { "content-type": "image/png" }, body: preview }) },
    {
      method: "GET",
      path: "/launch",
      handle: () => ({
        headers: { "content-type": "text/html; charset=utf-8" },
        body: `<html><head><title>fallback</title><meta property="og:title" content="Cadence 1.0 ships">
<meta property="og:description" content="Scheduling for every network">
<meta property="og:image" content="/launch.png"></head><body>hi</body></html>`,
      }),
    },
  ]);
  red = await stored("red.png", await makePng(80, 60, "#cc2222"), "A red rectangle");
  blue = await stored("blue.png", await makePng(80, 60, "#2222cc"), "A blue rectangle");
});
afterAll(async () => {
  await Promise.all([stub.close(), pages.close()]);
  rmSync(mediaDir, { recursive: true, force: true });
});
beforeEach(() => {
  stub.reset();
  token = state.issueToken(LINKEDIN_STUB_ALL_SCOPES);
});

/** A publish request as the publishing core makes it, with an in-memory checkpoint store. */
function request(
  author: string,
  post: Partial<PublishablePost>,
  opts: {
    credentials?: Record<string, unknown>;
    state?: Record<string, unknown>;
    checkpoint?: PublishRequest["checkpoint"];
  } = {},
) {
  const saved: Record<string, unknown> = { ...(opts.state ?? {}) };
  const stored: { credentials: Record<string, unknown> | null } = { credentials: null };
  const req: PublishRequest = {
    post: publishablePost({ content: `hello ${randomUUID()}`, ...post }),
    channel: { id: randomUUID(), displayName: "LinkedIn", platform: "LINKEDIN", config: { authorUrn: author } },
    credentials: opts.credentials ?? { accessToken: token, refreshToken: null, expiresAt: null },
    idempotencyKey: randomUUID(),
    signal: new AbortController().signal,
    state: { ...saved },
    checkpoint:
      opts.checkpoint ??
      (async (patch) => {
        Object.assign(saved, patch);
      }),
    refreshCredentials: async (fn) => {
      stored.credentials = await fn(req.credentials);
      return stored.credentials;
    },
  };
  return { req, saved, stored };
}

const postsBy = (author: string) => state.posts.filter((p) => p.author === author);
const failure = (p: Promise<unknown>) => p.then(() => null).catch((e: unknown) => e as PublishError);

describe("publishing to LinkedIn", () => {
  it("posts a member's text with reserved characters escaped and hashtags kept, through the versioned API", async () => {
    const content = `Launch (beta) #cadence for @team {all} <3 ~ *bold* _it_ \\ |x| ${randomUUID()}`;
    const { req, saved } = request(MEMBER, { content });
    const receipt = await adapter().publish(req);
    const [post] = postsBy(MEMBER).filter((p) => p.id === receipt.platformPostId);
    expect(post).toMatchObject({
      commentary: toLittleCommentary(content),
      visibility: "PUBLIC",
      lifecycleState: "PUBLISHED",
      distribution: { feedDistribution: "MAIN_FEED" },
    });
    expect(post?.commentary).toContain("{hashtag|\\#|cadence}");
    expect(post?.commentary).toContain("\\(beta\\)");
    expect(post?.content).toBeUndefined();
    expect(receipt).toEqual({
      platformPostId: post?.id,
      url: `https://www.linkedin.com/feed/update/${post?.id}/`,
      httpStatus: 201,
    });
    const sent = stub.received("POST", "/rest/posts")[0];
    expect(sent?.headers["linkedin-version"]).toBe(LINKEDIN_VERSION);
    expect(sent?.headers["x-restli-protocol-version"]).toBe("2.0.0");
    expect(sent?.headers.authorization).toBe(`Bearer ${token}`);
    expect(typeof saved.linkedinSentAt).toBe("string");
  });

  it("posts as an organisation page with two images and their alt text, uploaded in order", async () => {
    const content = `Two pictures ${randomUUID()}`;
    const { req, saved } = request(ORG, { content, media: [red, blue] });
    const receipt = await adapter().publish(req);
    const inits = stub.received("POST", "/rest/images");
    expect(inits.map((r) => [r.query.get("action"), r.json])).toEqual([
      ["initializeUpload", { initializeUploadRequest: { owner: ORG } }],
      ["initializeUpload", { initializeUploadRequest: { owner: ORG } }],
    ]);
    const urns = (saved.linkedinImages as { itemId: string; imageUrn: string }[]).map((i) => i.imageUrn);
    expect((saved.linkedinImages as { itemId: string }[]).map((i) => i.itemId)).toEqual([red.id, blue.id]);
    const post = state.posts.find((p) => p.id === receipt.platformPostId);
    expect(post?.author).toBe(ORG);
    expect(post?.content).toEqual({
      multiImage: {
        images: [
          { id: urns[0], altText: "A red rectangle" },
          { id: urns[1], altText: "A blue rectangle" },
        ],
      },
    });
    // The bytes LinkedIn holds are the library's originals.
    const uploaded = urns.map((u) => state.images.get(u ?? "")?.bytes?.length);
    expect(uploaded).toEqual([red.bytes, blue.bytes]);
  });

  it("one image goes as content.media with its alt text", async () => {
    const { req } = request(ORG, { content: `One ${randomUUID()}`, media: [red] });
    const receipt = await adapter().publish(req);
    const post = state.posts.find((p) => p.id === receipt.platformPostId);
    expect(post?.content).toEqual({
      media: { id: expect.stringMatching(/^urn:li:image:/), altText: "A red rectangle" },
    });
  });

  it("a link without media goes as an article with its page's title and description", async () => {
    const link = `${pages.url}/launch`;
    const { req } = request(MEMBER, { content: `Read ${link} today ${randomUUID()}` });
    const receipt = await adapter().publish(req);
    const post = state.posts.find((p) => p.id === receipt.platformPostId);
    expect(post?.content).toEqual({
      article: {
        source: link,
        title: "Cadence 1.0 ships",
        description: "Scheduling for every network",
        thumbnail: expect.stringMatching(/^urn:li:image:/),
      },
    });
    // The page's preview image went up through the Images API as the article's thumbnail, for the same author.
    const thumbnail = String((post?.content?.article as { thumbnail?: string } | undefined)?.thumbnail);
    expect(state.images.get(thumbnail)).toMatchObject({ owner: MEMBER, status: "AVAILABLE" });
    expect(state.images.get(thumbnail)?.bytes?.subarray(1, 4).toString("latin1")).toBe("PNG");
    // A page that cannot be read still makes an article, titled with the address.
    const missing = `${pages.url}/nowhere`;
    const second = await adapter().publish(request(MEMBER, { content: `See ${missing} ${randomUUID()}` }).req);
    expect(state.posts.find((p) => p.id === second.platformPostId)?.content).toEqual({
      article: { source: missing, title: missing },
    });
  });

  it("a worker that died between the image uploads and the post resumes without uploading again", async () => {
    const content = `Resumed ${randomUUID()}`;
    const first = request(ORG, { content, media: [red, blue] });
    const dying = request(
      ORG,
      { content, media: [red, blue] },
      {
        checkpoint: async (patch) => {
          if ("linkedinSentAt" in patch) throw new Error("worker killed");
          Object.assign(first.saved, patch);
        },
      },
    );
    await expect(adapter().publish(dying.req)).rejects.toThrow("worker killed");
    expect(postsBy(ORG).filter((p) => p.commentary === toLittleCommentary(content))).toHaveLength(0);
    expect(stub.received("POST", "/rest/images")).toHaveLength(2);
    expect(adapter().canConfirmLostAnswer?.(first.saved)).toBe(true);

    const again = request(ORG, { ...dying.req.post }, { state: first.saved });
    const receipt = await adapter().publish(again.req);
    expect(stub.received("POST", "/rest/images")).toHaveLength(2);
    expect(stub.received("PUT", /^\/dms-uploads\//)).toHaveLength(2);
    const post = state.posts.find((p) => p.id === receipt.platformPostId);
    const urns = (first.saved.linkedinImages as { imageUrn: string }[]).map((i) => i.imageUrn);
    expect(post?.content).toEqual({
      multiImage: { images: urns.map((id, i) => ({ id, altText: [red, blue][i]?.altText })) },
    });
  });
});

describe("exactly once after a lost answer", () => {
  it("the post went out but the answer was lost: found among the page's recent posts, not sent again", async () => {
    const content = `Lost answer ${randomUUID()}`;
    stub.fail({ match: { method: "POST", path: "/rest/posts" }, fail: "drop-answer" });
    const { req } = request(ORG, { content, media: [red] });
    const receipt = await adapter().publish(req);
    const mine = postsBy(ORG).filter((p) => p.commentary === toLittleCommentary(content));
    expect(mine).toHaveLength(1);
    expect(receipt.platformPostId).toBe(mine[0]?.id);
    expect(stub.received("POST", "/rest/posts")).toHaveLength(1);
    const look = stub.received("GET", "/rest/posts")[0];
    expect(Object.fromEntries(look?.query ?? [])).toMatchObject({ q: "author", author: ORG, sortBy: "LAST_MODIFIED" });
  });

  it("the request never arrived: not found → unknown_outcome, and a later attempt looks again but never posts", async () => {
    const content = `Never arrived ${randomUUID()}`;
    stub.fail({ match: { method: "POST", path: "/rest/posts" }, fail: "drop-request" });
    const first = request(ORG, { content });
    const error = await failure(adapter().publish(first.req));
    expect(error?.kind).toBe("unknown_outcome");
    expect(error?.message).toMatch(/not among Devtestco|not among urn:li:organization/);
    expect(typeof first.saved.linkedinSentAt).toBe("string");
    expect(adapter().canConfirmLostAnswer?.(first.saved)).toBe(true);

    const again = request(ORG, { ...first.req.post }, { state: first.saved });
    const second = await failure(adapter().publish(again.req));
    expect(second?.kind).toBe("unknown_outcome");
    expect(stub.received("POST", "/rest/posts")).toHaveLength(1);
    expect(postsBy(ORG).filter((p) => p.commentary === toLittleCommentary(content))).toHaveLength(0);
  });

  it("a member's post cannot be looked up without r_member_social: unknown_outcome, no second post", async () => {
    const content = `Member lost ${randomUUID()}`;
    stub.fail({ match: { method: "POST", path: "/rest/posts" }, fail: "drop-answer" });
    const error = await failure(adapter().publish(request(MEMBER, { content }).req));
    expect([error?.kind, error?.httpStatus]).toEqual(["unknown_outcome", 403]);
    expect(error?.message).toMatch(/could not check.*Not enough permissions/);
    expect(stub.received("POST", "/rest/posts")).toHaveLength(1);
    expect(postsBy(MEMBER).filter((p) => p.commentary === toLittleCommentary(content))).toHaveLength(1);
  });

  it("a 5xx on create is looked up too: not found → unknown_outcome, not retried blindly", async () => {
    const content = `Server error ${randomUUID()}`;
    stub.fail({
      match: { method: "POST", path: "/rest/posts" },
      fail: { status: 504, json: { status: 504, message: "Gateway Timeout" } },
    });
    const error = await failure(adapter().publish(request(ORG, { content }).req));
    expect([error?.kind, error?.httpStatus]).toEqual(["unknown_outcome", 504]);
    expect(error?.message).toMatch(/Gateway Timeout/);
    expect(stub.received("GET", "/rest/posts")).toHaveLength(1);
    expect(stub.received("POST", "/rest/posts")).toHaveLength(1);
  });

  it("a malformed send time cannot be confirmed; none at all can", () => {
    expect(adapter().canConfirmLostAnswer?.({ linkedinSentAt: "yesterday-ish" })).toBe(false);
    expect(adapter().canConfirmLostAnswer?.({ linkedinSentAt: null })).toBe(true);
    expect(adapter().canConfirmLostAnswer?.({})).toBe(true);
  });
});

describe("LinkedIn's errors", () => {
  it("401: the token is refused → reconnect", async () => {
    const error = await failure(
      adapter().publish(request(MEMBER, {}, { credentials: { accessToken: "revoked-token" } }).req),
    );
    expect([error?.kind, error?.httpStatus]).toEqual(["reconnect", 401]);
    expect(error?.message).toMatch(/Invalid access token/);
  });

  it("429: transient, waiting for LinkedIn's daily window (or Retry-After); the send time is cleared", async () => {
    const body = {
      status: 429,
      serviceErrorCode: 0,
      code: "TOO_MANY_REQUESTS",
      message: "Resource level throttle APPLICATION DAY limit for calls to this resource is reached.",
    };
    stub.fail({ match: { method: "POST", path: "/rest/posts" }, fail: { status: 429, json: body } });
    const first = request(MEMBER, {});
    const before = Date.now();
    const error = await failure(adapter().publish(first.req));
    expect([error?.kind, error?.httpStatus]).toEqual(["transient", 429]);
    expect(error?.message).toMatch(/APPLICATION DAY limit.*00:00 UTC/);
    const midnight = new Date(before);
    midnight.setUTCHours(24, 0, 0, 0);
    expect(error?.retryAfterMs).toBeGreaterThan(0);
    expect(error?.retryAfterMs).toBeLessThanOrEqual(midnight.getTime() - before);
    expect(first.saved.linkedinSentAt).toBeNull();

    stub.fail({
      match: { method: "POST", path: "/rest/images" },
      fail: { status: 429, json: body, headers: { "retry-after": "120" } },
    });
    const withHeader = await failure(adapter().publish(request(ORG, { media: [red] }).req));
    expect([withHeader?.kind, withHeader?.retryAfterMs]).toEqual(["transient", 120_000]);
  });

  it("422: duplicate content is permanent, with LinkedIn's message", async () => {
    const content = `Same twice ${randomUUID()}`;
    const first = await adapter().publish(request(MEMBER, { content }).req);
    const error = await failure(adapter().publish(request(MEMBER, { content }).req));
    expect([error?.kind, error?.httpStatus]).toEqual(["permanent", 422]);
    expect(error?.message).toContain(`Content is a duplicate of ${first.platformPostId}`);
  });

  it("403: a missing permission (a member-only login posting as a page) is permanent", async () => {
    const memberOnly = state.issueToken("openid,profile,w_member_social");
    const before = postsBy(ORG).length;
    const error = await failure(adapter().publish(request(ORG, {}, { credentials: { accessToken: memberOnly } }).req));
    expect([error?.kind, error?.httpStatus]).toEqual(["permanent", 403]);
    expect(error?.message).toMatch(/permission is missing.*Not enough permissions to access/);
    expect(postsBy(ORG).length).toBe(before);
  });

  it("an image LinkedIn rejects is permanent with its message; nothing is posted", async () => {
    const notAnImage = await stored("fake.png", Buffer.from("this is text, not a PNG"), null);
    const content = `Bad image ${randomUUID()}`;
    const error = await failure(adapter().publish(request(ORG, { content, media: [notAnImage] }).req));
    expect([error?.kind, error?.httpStatus]).toEqual(["permanent", 400]);
    expect(error?.message).toMatch(/uploading image 1 \(fake\.png\): Uploaded media is not a supported image type/);
    expect(stub.received("POST", "/rest/posts")).toHaveLength(0);
  });

  it("a sunset API version (426) is permanent and names the setting; a 5xx on upload is transient", async () => {
    stub.fail({
      match: { method: "POST", path: "/rest/posts" },
      fail: {
        status: 426,
        json: { status: 426, code: "NONEXISTENT_VERSION", message: "Requested version 202603 is not active" },
      },
    });
    const sunset = await failure(adapter().publish(request(MEMBER, {}).req));
    expect([sunset?.kind, sunset?.httpStatus]).toEqual(["permanent", 426]);
    expect(sunset?.message).toMatch(/LINKEDIN_API_VERSION.*Requested version 202603 is not active/);

    stub.fail({
      match: { method: "POST", path: "/rest/images" },
      fail: { status: 503, json: { status: 503, message: "Service Unavailable" } },
    });
    const down = await failure(adapter().publish(request(ORG, { media: [red] }).req));
    expect([down?.kind, down?.httpStatus]).toEqual(["transient", 503]);
  });

  it("the stub holds LinkedIn's contract: no LinkedIn-Version → 400 VERSION_MISSING", async () => {
    const res = await globalThis.fetch(`${stub.url}/rest/posts`, {
      method: "POST",
      headers: { authorization: `Bearer ${token}`, "content-type": "application/json" },
      body: JSON.stringify({
        author: MEMBER,
        commentary: "x",
        visibility: "PUBLIC",
        distribution: {},
        lifecycleState: "PUBLISHED",
      }),
    });
    expect(res.status).toBe(400);
    expect(await res.json()).toMatchObject({ status: 400, code: "VERSION_MISSING" });
  });
});

describe("tokens and metrics", () => {
  it("an access token about to expire is renewed with the refresh token before posting", async () => {
    state.refreshTokens.set("AQXrefresh-me", { scope: LINKEDIN_STUB_ALL_SCOPES, expiresAt: Date.now() + 86_400_000 });
    const credentials = {
      accessToken: "expired-token",
      refreshToken: "AQXrefresh-me",
      expiresAt: new Date(Date.now() + 60_000).toISOString(),
      scope: LINKEDIN_STUB_ALL_SCOPES,
    };
    const { req, stored } = request(MEMBER, {}, { credentials });
    const receipt = await adapter().publish(req);
    expect(stored.credentials?.accessToken).toMatch(/^AQ/);
    expect(stored.credentials?.accessToken).not.toBe("expired-token");
    expect(stored.credentials?.refreshToken).toBe("AQXrefresh-me");
    expect(stub.received("POST", "/rest/posts")[0]?.headers.authorization).toBe(
      `Bearer ${stored.credentials?.accessToken}`,
    );
    expect(receipt.platformPostId).toMatch(/^urn:li:share:/);

    // A refresh token LinkedIn refuses → reconnect, and nothing is posted.
    const refused = await failure(
      adapter().publish(request(MEMBER, {}, { credentials: { ...credentials, refreshToken: "AQXunknown" } }).req),
    );
    expect(refused?.kind).toBe("reconnect");
    expect(refused?.message).toMatch(/invalid, expired or revoked/);
    expect(stub.received("POST", "/rest/posts")).toHaveLength(1);
  });

  it("reads an organisation post's share statistics and a member post's social actions", async () => {
    const orgPost = await adapter().publish(request(ORG, {}).req);
    state.stats.set(orgPost.platformPostId, {
      impressions: 1200,
      uniqueImpressions: 800,
      clicks: 31,
      likes: 17,
      comments: 4,
      shares: 2,
    });
    const base = {
      postId: randomUUID(),
      credentials: { accessToken: token },
      publishedAt: new Date(),
      at: new Date(),
      signal: new AbortController().signal,
      refreshCredentials: async (fn: (c: Record<string, unknown>) => Promise<Record<string, unknown>>) =>
        fn({ accessToken: token }),
    };
    const channel = (author: string) => ({
      id: randomUUID(),
      displayName: "x",
      platform: "LINKEDIN" as const,
      config: { authorUrn: author },
    });
    const metrics = adapter().metrics;
    if (!metrics) throw new Error("metrics missing");
    expect(await metrics({ ...base, channel: channel(ORG), platformPostId: orgPost.platformPostId })).toEqual({
      impressions: 1200,
      reach: 800,
      likes: 17,
      comments: 4,
      shares: 2,
      saves: 0,
      clicks: 31,
      followers: null,
    });
    const stats = stub.received("GET", "/rest/organizationalEntityShareStatistics")[0];
    expect(stats?.query.get("shares")).toBe(`List(${orgPost.platformPostId})`);

    const memberPost = await adapter().publish(request(MEMBER, {}).req);
    state.stats.set(memberPost.platformPostId, {
      impressions: 0,
      uniqueImpressions: 0,
      clicks: 0,
      likes: 9,
      comments: 3,
      shares: 0,
    });
    expect(await metrics({ ...base, channel: channel(MEMBER), platformPostId: memberPost.platformPostId })).toEqual({
      impressions: null,
      reach: null,
      likes: 9,
      comments: 3,
      shares: 0,
      saves: 0,
      clicks: 0,
      followers: null,
    });
    const unknown = await failure(metrics({ ...base, channel: channel(MEMBER), platformPostId: "urn:li:share:1" }));
    expect([unknown?.kind, unknown?.httpStatus]).toEqual(["permanent", 404]);
  });
});
