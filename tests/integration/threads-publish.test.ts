import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { createThreadsAdapter } from "@/lib/publishing/networks/threads/adapter";
import { PublishError } from "@/lib/publishing/networks/types";
import { startThreadsStub, threadsImage, threadsPublication } from "@/tests/helpers/threads-stub-setup";

// Publishing through the THREADS adapter against the Threads stub (tests/stubs/threads.ts), which follows Meta's
// documented contract: containers, status polling, threads_publish, the publishing quota, Graph error bodies.

let stub: Awaited<ReturnType<typeof startThreadsStub>>;
let adapter: ReturnType<typeof createThreadsAdapter>;
let userId: string;

beforeAll(async () => {
  stub = await startThreadsStub({ pollsUntilFinished: 2 });
  adapter = createThreadsAdapter({ settings: stub.settings, fetch: stub.fetch, pollIntervalsMs: [5, 5, 5, 5, 5] });
  userId = stub.state.loginUserId;
});
afterAll(() => stub.server.close());
beforeEach(() => {
  stub.server.reset();
  stub.state.pollsUntilFinished = 2;
  stub.state.plannedOutcomes.length = 0;
  stub.state.quotaUsage.clear();
});

const containersCreated = () => stub.server.received("POST", `/v1.0/${userId}/threads`);
const publishes = () => stub.server.received("POST", `/v1.0/${userId}/threads_publish`);
const threadsOf = (text: string | null) => [...stub.state.threads.values()].filter((t) => t.text === text);

function publication(post: Parameters<typeof threadsPublication>[0]["post"]) {
  return threadsPublication({ post, userId, accessToken: stub.state.issueToken(userId) });
}

describe("publishing", () => {
  it("a text post: TEXT container, polled until FINISHED, published; the receipt has the media id and permalink", async () => {
    const text = `Hello Threads ${Date.now()} — https://example.com 🎉`;
    const p = publication({ content: text });
    const receipt = await adapter.publish(p.request());

    const [thread] = threadsOf(text);
    expect(thread).toBeDefined();
    expect(receipt).toEqual({ platformPostId: thread?.id, url: thread?.permalink, httpStatus: 200 });
    expect(receipt.url).toMatch(/^https:\/\/www\.threads\.net\/@stub\.threads\/post\//);
    const [create] = containersCreated();
    expect(Object.fromEntries(create?.form ?? [])).toMatchObject({ media_type: "TEXT", text });
    // IN_PROGRESS for two reads, FINISHED on the third; then one publish with that container.
    const container = p.store.state.threadsContainer as string;
    expect(stub.server.received("GET", `/v1.0/${container}`)).toHaveLength(3);
    expect(publishes().map((r) => r.form?.get("creation_id"))).toEqual([container]);
    expect(stub.state.quotaUsage.get(userId)).toBe(1);
    // The quota was read before anything was created.
    const order = stub.server.requests.map((r) => r.path);
    expect(order.indexOf(`/v1.0/${userId}/threads_publishing_limit`)).toBeLessThan(
      order.indexOf(`/v1.0/${userId}/threads`),
    );
  });

  it("an image post: IMAGE container with the media's signed URL and alt text, text alongside", async () => {
    const image = threadsImage("photo.jpg", "A lighthouse at dusk");
    const p = publication({ content: "Evening light", media: [image] });
    const receipt = await adapter.publish(p.request());

    expect(containersCreated()).toHaveLength(1);
    expect(Object.fromEntries(containersCreated()[0]?.form ?? [])).toMatchObject({
      media_type: "IMAGE",
      image_url: image.url,
      alt_text: "A lighthouse at dusk",
      is_carousel_item: "false",
      text: "Evening light",
    });
    expect(stub.state.threads.get(receipt.platformPostId)?.mediaType).toBe("IMAGE");
  });

  it("a carousel of two with alt text: two item containers, then CAROUSEL with children in order, one post", async () => {
    const a = threadsImage("a.jpg", "First picture");
    const b = threadsImage("b.jpg", "Second picture");
    const p = publication({ content: "Two pictures", media: [a, b] });
    const receipt = await adapter.publish(p.request());

    const forms = containersCreated().map((r) => Object.fromEntries(r.form ?? []));
    expect(forms).toHaveLength(3);
    expect(forms[0]).toMatchObject({
      media_type: "IMAGE",
      image_url: a.url,
      alt_text: "First picture",
      is_carousel_item: "true",
    });
    expect(forms[0]?.text).toBeUndefined();
    expect(forms[1]).toMatchObject({
      media_type: "IMAGE",
      image_url: b.url,
      alt_text: "Second picture",
      is_carousel_item: "true",
    });
    const items = p.store.state.threadsItems as { itemId: string; containerId: string }[];
    expect(items.map((i) => i.itemId)).toEqual([a.id, b.id]);
    expect(forms[2]).toEqual({
      media_type: "CAROUSEL",
      children: items.map((i) => i.containerId).join(","),
      text: "Two pictures",
      access_token: expect.any(String),
    });
    // Each item container was checkpointed before the next one was made.
    expect(p.store.checkpoints.slice(0, 2)).toEqual([
      { threadsItems: [items[0]] },
      { threadsItems: [items[0], items[1]] },
    ]);
    expect(stub.state.threads.get(receipt.platformPostId)?.mediaType).toBe("CAROUSEL_ALBUM");
    expect(publishes()).toHaveLength(1);
  });

  it("a container that ends in ERROR fails the channel for good with Meta's error_message; nothing is published", async () => {
    stub.state.plannedOutcomes.push({ status: "ERROR", errorMessage: "FAILED_DOWNLOADING_VIDEO" });
    const p = publication({ content: "x", media: [threadsImage("broken.jpg")] });
    const err = await adapter.publish(p.request()).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(PublishError);
    expect((err as PublishError).kind).toBe("permanent");
    expect((err as PublishError).message).toContain("FAILED_DOWNLOADING_VIDEO");
    expect(publishes()).toHaveLength(0);
  });

  it("a container that EXPIRED is replaced by a new one (an expired container was never published): one post", async () => {
    stub.state.plannedOutcomes.push({ status: "EXPIRED" });
    const text = `expired once ${Date.now()}`;
    const p = publication({ content: text });
    const receipt = await adapter.publish(p.request());
    expect(containersCreated()).toHaveLength(2);
    expect(publishes()).toHaveLength(1);
    expect(threadsOf(text).map((t) => t.id)).toEqual([receipt.platformPostId]);

    // Two in a row: the attempt gives up (transient) and has cleared the expired container for the retry.
    stub.state.plannedOutcomes.push({ status: "EXPIRED" }, { status: "EXPIRED" });
    const q = publication({ content: `${text} again` });
    const err = await adapter.publish(q.request()).catch((e: unknown) => e);
    expect((err as PublishError).kind).toBe("transient");
    expect(q.store.state.threadsContainer).toBeNull();
    const again = await adapter.publish(q.request());
    expect(threadsOf(`${text} again`).map((t) => t.id)).toEqual([again.platformPostId]);
  });

  it("a container still IN_PROGRESS after the last wait is a transient failure; the retry polls the same container", async () => {
    stub.state.pollsUntilFinished = 20;
    const text = `slow ${Date.now()}`;
    const p = publication({ content: text });
    const err = await adapter.publish(p.request()).catch((e: unknown) => e);
    expect((err as PublishError).kind).toBe("transient");
    expect((err as PublishError).message).toContain("still processing");
    const container = p.store.state.threadsContainer;
    expect(typeof container).toBe("string");
    stub.state.pollsUntilFinished = 2;
    await adapter.publish(p.request());
    expect(containersCreated()).toHaveLength(1);
    expect(publishes().map((r) => r.form?.get("creation_id"))).toEqual([container]);
  });

  it("a worker that died between the container and the publish resumes with the same container: one container, one post", async () => {
    const text = `crash between steps ${Date.now()}`;
    const p = publication({ content: text });
    p.store.failCheckpoint = "threadsPublishSentAt";
    await expect(adapter.publish(p.request())).rejects.toThrow("worker died");
    expect(publishes()).toHaveLength(0);
    const container = p.store.state.threadsContainer;
    expect(typeof container).toBe("string");

    p.store.failCheckpoint = null;
    expect(adapter.canConfirmLostAnswer?.(p.store.state)).toBe(true);
    const receipt = await adapter.publish(p.request());
    expect(containersCreated()).toHaveLength(1);
    expect(publishes().map((r) => r.form?.get("creation_id"))).toEqual([container]);
    expect(threadsOf(text).map((t) => t.id)).toEqual([receipt.platformPostId]);
  });

  it("a carousel whose worker died after the first item resumes with that item's container", async () => {
    const [a, b] = [threadsImage("a.jpg"), threadsImage("b.jpg")];
    const p = publication({ content: `carousel crash ${Date.now()}`, media: [a, b] });
    p.store.failCheckpoint = "threadsContainer";
    await expect(adapter.publish(p.request())).rejects.toThrow("worker died");
    expect(containersCreated()).toHaveLength(3);
    const items = p.store.state.threadsItems as { containerId: string }[];

    p.store.failCheckpoint = null;
    await adapter.publish(p.request());
    // Only a new carousel container (the unrecorded one is never published); the items are reused.
    const forms = containersCreated().map((r) => Object.fromEntries(r.form ?? []));
    expect(forms).toHaveLength(4);
    expect(forms[3]).toMatchObject({ media_type: "CAROUSEL", children: items.map((i) => i.containerId).join(",") });
    expect(publishes()).toHaveLength(1);
  });

  it("a lost threads_publish answer: the container reads PUBLISHED, the thread is found, nothing is published twice", async () => {
    const text = `lost answer ${Date.now()}`;
    const p = publication({ content: text });
    stub.server.fail({ match: { method: "POST", path: `/v1.0/${userId}/threads_publish` }, fail: "drop-answer" });
    const receipt = await adapter.publish(p.request());
    const made = threadsOf(text);
    expect(made).toHaveLength(1);
    expect(receipt.platformPostId).toBe(made[0]?.id);
    expect(receipt.url).toBe(made[0]?.permalink);
    expect(publishes()).toHaveLength(1);

    // A later attempt (the core calls again after a crash) finds it by the container's status too.
    const again = await adapter.publish(p.request());
    expect(again.platformPostId).toBe(receipt.platformPostId);
    expect(publishes()).toHaveLength(1);
    expect(containersCreated()).toHaveLength(1);
  });

  it("a publish request that never arrived: the container is FINISHED, the retry publishes that same container", async () => {
    const text = `dropped request ${Date.now()}`;
    const p = publication({ content: text });
    stub.server.fail({ match: { method: "POST", path: `/v1.0/${userId}/threads_publish` }, fail: "drop-request" });
    const err = await adapter.publish(p.request()).catch((e: unknown) => e);
    expect((err as PublishError).kind).toBe("transient");
    expect(threadsOf(text)).toHaveLength(0);
    const receipt = await adapter.publish(p.request());
    expect(threadsOf(text).map((t) => t.id)).toEqual([receipt.platformPostId]);
    expect(new Set(publishes().map((r) => r.form?.get("creation_id"))).size).toBe(1);
    expect(containersCreated()).toHaveLength(1);
  });

  it("a full publishing quota stops before anything is created, naming the usage", async () => {
    stub.state.quotaUsage.set(userId, 250);
    const p = publication({ content: "over quota" });
    const err = await adapter.publish(p.request()).catch((e: unknown) => e);
    expect((err as PublishError).kind).toBe("permanent");
    expect((err as PublishError).message).toContain("250 of 250 posts in the last 24 hours");
    expect(containersCreated()).toHaveLength(0);

    stub.state.quotaUsage.set(userId, 249);
    await adapter.publish(publication({ content: `quota ${Date.now()}` }).request());
    expect(stub.state.quotaUsage.get(userId)).toBe(250);
  });

  it("media without a public URL fails for good with the reason, before any container", async () => {
    const image = { ...threadsImage("local.jpg"), url: null, urlProblem: "PUBLIC_URL is not set" };
    const err = await adapter.publish(publication({ content: "x", media: [image] }).request()).catch((e: unknown) => e);
    expect((err as PublishError).kind).toBe("permanent");
    expect((err as PublishError).message).toContain("PUBLIC_URL is not set");
    expect(containersCreated()).toHaveLength(0);
  });
});

describe("Graph API errors", () => {
  const graph = (code: number, message: string, subcode?: number) => ({
    status: 400,
    json: { error: { message, type: "OAuthException", code, error_subcode: subcode, fbtrace_id: "AxTrace1" } },
  });
  const cases: [string, ReturnType<typeof graph> | { status: number; json: unknown }, PublishError["kind"]][] = [
    [
      "code 190 (token expired or revoked) → reconnect",
      graph(190, "Error validating access token: Session has expired.", 463),
      "reconnect",
    ],
    [
      "code 10 (permission missing) → reconnect",
      graph(10, "Application does not have permission for this action"),
      "reconnect",
    ],
    ["code 4 (application request limit) → transient", graph(4, "Application request limit reached"), "transient"],
    ["code 17 (user request limit) → transient", graph(17, "User request limit reached"), "transient"],
    ["code 32 (page request limit) → transient", graph(32, "Page request limit reached"), "transient"],
    [
      "code 613 (calls per hour) → transient",
      graph(613, "Calls to this api have exceeded the rate limit."),
      "transient",
    ],
    ["code 2 (service unavailable) → transient", graph(2, "Service temporarily unavailable"), "transient"],
    [
      "code 100 (a media URL Threads could not use) → permanent",
      graph(100, "Invalid parameter: image_url could not be fetched", 2207052),
      "permanent",
    ],
    [
      "HTTP 500 → transient",
      { status: 500, json: { error: { message: "An unknown error occurred", code: 1 } } },
      "transient",
    ],
  ];
  for (const [title, answer, kind] of cases) {
    it(`creating the container: ${title}, keeping Meta's message`, async () => {
      stub.server.fail({ match: { method: "POST", path: `/v1.0/${userId}/threads` }, fail: answer });
      const err = await adapter.publish(publication({ content: "error mapping" }).request()).catch((e: unknown) => e);
      expect(err).toBeInstanceOf(PublishError);
      expect((err as PublishError).kind).toBe(kind);
      const said = (answer.json as { error: { message: string } }).error.message;
      expect((err as PublishError).message).toContain(said);
      expect(publishes()).toHaveLength(0);
    });
  }

  it("a rate limit keeps Meta's wait (estimated_time_to_regain_access, minutes)", async () => {
    stub.server.fail({
      match: { method: "POST", path: `/v1.0/${userId}/threads` },
      fail: {
        ...graph(4, "Application request limit reached"),
        headers: {
          "x-business-use-case-usage": JSON.stringify({
            [userId]: [{ type: "threads", estimated_time_to_regain_access: 7 }],
          }),
        },
      },
    });
    const err = (await adapter
      .publish(publication({ content: "rate" }).request())
      .catch((e: unknown) => e)) as PublishError;
    expect(err.kind).toBe("transient");
    expect(err.retryAfterMs).toBe(7 * 60_000);
  });

  it("a refused publish (4xx) is a definite refusal: mapped, the send time cleared, the container kept", async () => {
    stub.server.fail({
      match: { method: "POST", path: `/v1.0/${userId}/threads_publish` },
      fail: graph(190, "Error validating access token"),
    });
    const p = publication({ content: `refused publish ${Date.now()}` });
    const err = (await adapter.publish(p.request()).catch((e: unknown) => e)) as PublishError;
    expect(err.kind).toBe("reconnect");
    expect(p.store.state.threadsPublishSentAt).toBeNull();
    expect(typeof p.store.state.threadsContainer).toBe("string");
  });

  it("an access token Threads no longer knows → reconnect, from the stub's own check", async () => {
    const p = threadsPublication({ post: { content: "x" }, userId, accessToken: "THLLnot-a-token" });
    const err = (await adapter.publish(p.request()).catch((e: unknown) => e)) as PublishError;
    expect(err.kind).toBe("reconnect");
    expect(err.message).toContain("Invalid OAuth access token");
  });
});

describe("tokens", () => {
  it("renews a token about to expire before publishing (GET /refresh_access_token) and publishes with the new one", async () => {
    const old = stub.state.issueToken(userId);
    const p = threadsPublication({
      post: { content: `refresh first ${Date.now()}` },
      userId,
      accessToken: old,
      expiresAt: new Date(Date.now() + 60_000).toISOString(),
    });
    await adapter.publish(p.request());
    const [refresh] = stub.server.received("GET", "/refresh_access_token");
    expect(refresh?.query.get("access_token")).toBe(old);
    expect(refresh?.query.get("grant_type")).toBe("th_refresh_token");
    const fresh = p.store.credentials.accessToken as string;
    expect(fresh).not.toBe(old);
    expect(Date.parse(p.store.credentials.expiresAt as string)).toBeGreaterThan(Date.now() + 59 * 86_400_000);
    expect(publishes()[0]?.form?.get("access_token")).toBe(fresh);
  });

  it("a refused renewal (expired token) → reconnect, nothing sent", async () => {
    const gone = stub.state.issueToken(userId, { expiresInSec: -10 });
    const p = threadsPublication({
      post: { content: "x" },
      userId,
      accessToken: gone,
      expiresAt: new Date().toISOString(),
    });
    const err = (await adapter.publish(p.request()).catch((e: unknown) => e)) as PublishError;
    expect(err.kind).toBe("reconnect");
    expect(err.message).toContain("Session has expired");
    expect(containersCreated()).toHaveLength(0);
  });
});

describe("metrics", () => {
  it("reads the thread's insights: impressions = views, comments = replies, shares = reposts + quotes + shares; followers", async () => {
    const p = publication({ content: `metrics ${Date.now()}` });
    const receipt = await adapter.publish(p.request());
    const thread = stub.state.threads.get(receipt.platformPostId);
    if (!thread) throw new Error("no thread");
    thread.insights = { views: 1500, likes: 42, replies: 7, reposts: 3, quotes: 2, shares: 5 };
    const at = new Date();
    const metrics = await adapter.metrics?.({
      postId: p.post.id,
      channel: p.channel,
      credentials: p.store.credentials,
      platformPostId: receipt.platformPostId,
      publishedAt: at,
      at,
      signal: new AbortController().signal,
      refreshCredentials: async (fn) => fn(p.store.credentials),
    });
    expect(metrics).toEqual({
      impressions: 1500,
      reach: null,
      likes: 42,
      comments: 7,
      shares: 10,
      saves: 0,
      clicks: 0,
      followers: 1234,
    });
    const [insights] = stub.server.received("GET", `/v1.0/${receipt.platformPostId}/insights`);
    expect(insights?.query.get("metric")).toBe("views,likes,replies,reposts,quotes,shares");
  });
});
