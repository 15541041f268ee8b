import { afterEach, beforeEach, describe, expect, it } from "vitest";
import type { createInstagramAdapter } from "@/lib/publishing/networks/instagram/adapter";
import type { PublishableMedia, PublishError } from "@/lib/publishing/networks/types";
import {
  channelOf,
  instagramAccount,
  instagramAdapterFor,
  instagramRequest,
  publishableMedia,
} from "@/tests/helpers/instagram-publishing";
import { setupInstagramTestFile, startInstagramStub } from "@/tests/helpers/instagram-test-setup";
import { makeGpsJpeg, uploadMedia } from "@/tests/helpers/upload-media";
import { graphError, type InstagramStubAccount, type InstagramStubState } from "@/tests/stubs/instagram";
import type { StubServer } from "@/tests/stubs/stub-server";

// Exactly once on Instagram (no idempotency key): every container id is checkpointed before the next step, a worker
// that died between steps resumes from there, and a media_publish whose answer was lost is looked up through the
// container's status and the account's recent media, never sent twice. Plus the quota, a personal account and the
// Graph error mappings.

const { db, createWorkspace } = await setupInstagramTestFile();

class WorkerDied extends Error {}

let stub: StubServer;
let state: InstagramStubState;
let account: InstagramStubAccount;
let personal: InstagramStubAccount;
let adapter: ReturnType<typeof createInstagramAdapter>;
let workspaceId: string;
let photos: PublishableMedia[];

beforeEach(async () => {
  account = instagramAccount();
  personal = instagramAccount({ professional: false });
  ({ state, server: stub } = await startInstagramStub([account, personal]));
  adapter = instagramAdapterFor(stub.url);
  const created = await createWorkspace();
  workspaceId = created.workspace.id;
  const items = [];
  for (const alt of ["One", "Two", "Three"]) {
    const up = await uploadMedia(created.token, await makeGpsJpeg({ width: 400, height: 400 }), `${alt}.jpg`);
    items.push({ id: up.id, altText: alt });
  }
  photos = await publishableMedia(db, items);
});
afterEach(() => stub.close());

const failure = (p: Promise<unknown>) =>
  p.then(
    () => {
      throw new Error("expected an error");
    },
    (e: unknown) => e as Error,
  );
const posts = () => [...state.media.values()];
const containersMade = () => stub.received("POST", /\/media$/).length;

describe("a worker that dies between steps resumes from the last finished step", () => {
  it("dies after the carousel container was checkpointed: the retry publishes it, making no container again", async () => {
    const first = instagramRequest(
      account,
      { workspaceId, content: "Carousel", media: photos },
      {
        onCheckpoint: (patch) => {
          if (patch.igContainer) throw new WorkerDied("killed right after the checkpoint");
        },
      },
    );
    expect(await failure(adapter.publish(first.req))).toBeInstanceOf(WorkerDied);
    expect(containersMade()).toBe(4);
    expect(posts()).toHaveLength(0);
    expect(adapter.canConfirmLostAnswer?.(first.state)).toBe(true);

    const retry = instagramRequest(account, { ...first.req.post }, { state: first.state });
    const receipt = await adapter.publish(retry.req);
    expect(containersMade()).toBe(4);
    expect(posts()).toHaveLength(1);
    expect(posts()[0]).toMatchObject({ id: receipt.platformPostId, containerId: first.state.igContainer });
    expect(posts()[0]?.altTexts).toEqual(["One", "Two", "Three"]);
  });

  it("dies after the second child: the retry makes only the third child and the carousel", async () => {
    let children = 0;
    const first = instagramRequest(
      account,
      { workspaceId, content: "Carousel", media: photos },
      {
        onCheckpoint: (patch) => {
          if (Array.isArray(patch.igChildren) && ++children === 2) throw new WorkerDied("killed");
        },
      },
    );
    await failure(adapter.publish(first.req));
    expect(containersMade()).toBe(2);

    const retry = instagramRequest(account, { ...first.req.post }, { state: first.state });
    await adapter.publish(retry.req);
    expect(containersMade()).toBe(4);
    const carousel = [...state.containers.values()].find((c) => c.kind === "CAROUSEL");
    expect(carousel?.children.slice(0, 2)).toEqual(
      (first.state.igChildren as { containerId: string }[]).map((c) => c.containerId),
    );
    expect(posts()).toHaveLength(1);
  });
});

describe("a lost media_publish answer never becomes a second post", () => {
  it("the answer is lost after Instagram published: the container reads PUBLISHED, the post is found", async () => {
    stub.fail({ match: { method: "POST", path: /\/media_publish$/ }, fail: "drop-answer" });
    const { req } = instagramRequest(account, { workspaceId, content: "Lost answer", media: photos.slice(0, 1) });
    const receipt = await adapter.publish(req);
    expect(posts()).toHaveLength(1);
    expect(receipt).toEqual({ platformPostId: posts()[0]?.id, url: posts()[0]?.permalink, httpStatus: 200 });
    expect(stub.received("POST", /\/media_publish$/)).toHaveLength(1);
  });

  it("the worker dies with the answer lost: the next attempt looks first and returns the same post", async () => {
    stub.fail({ match: { method: "POST", path: /\/media_publish$/ }, fail: "drop-answer" });
    // The container status read after the loss gets no answer either: the attempt cannot tell.
    stub.fail({
      match: (r) =>
        r.method === "GET" &&
        /^\/v27\.0\/1790\d+$/.test(r.path) &&
        stub.received("POST", /\/media_publish$/).length > 0,
      fail: "drop-request",
    });
    const first = instagramRequest(account, { workspaceId, content: "Died", media: photos.slice(0, 1) });
    const error = await failure(adapter.publish(first.req));
    expect((error as PublishError).kind).toBe("unknown_outcome");
    expect(first.state.igPublishSentAt).toEqual(expect.any(String));
    expect(adapter.canConfirmLostAnswer?.(first.state)).toBe(true);

    const retry = instagramRequest(account, { ...first.req.post }, { state: first.state });
    const receipt = await adapter.publish(retry.req);
    expect(receipt.platformPostId).toBe(posts()[0]?.id);
    expect(posts()).toHaveLength(1);
    expect(stub.received("POST", /\/media_publish$/)).toHaveLength(1);
  });

  it("the request never reached Instagram: the container is FINISHED, so the retry publishes it once", async () => {
    stub.fail({ match: { method: "POST", path: /\/media_publish$/ }, fail: "drop-request" });
    const first = instagramRequest(account, { workspaceId, content: "Never sent", media: photos.slice(0, 1) });
    const error = (await failure(adapter.publish(first.req))) as PublishError;
    expect(error.kind).toBe("transient");
    expect(error.message).toMatch(/is not published: the retry publishes it/);
    expect(posts()).toHaveLength(0);

    const retry = instagramRequest(account, { ...first.req.post }, { state: first.state });
    await adapter.publish(retry.req);
    expect(posts()).toHaveLength(1);
    expect(containersMade()).toBe(1);
  });

  it("PUBLISHED but not among the recent media: unknown outcome, and nothing is published again", async () => {
    stub.fail({ match: { method: "POST", path: /\/media_publish$/ }, fail: "drop-answer" });
    stub.fail({ match: { method: "GET", path: /^\/v27\.0\/\d+\/media$/ }, fail: { json: { data: [] } } });
    const { req } = instagramRequest(account, { workspaceId, content: "Hidden", media: photos.slice(0, 1) });
    const error = (await failure(adapter.publish(req))) as PublishError;
    expect(error.kind).toBe("unknown_outcome");
    expect(error.message).toMatch(/is published but its post is not among the account's 25 newest/);
    expect(posts()).toHaveLength(1);
  });

  it("a state with a send time but no container cannot be confirmed", () => {
    expect(adapter.canConfirmLostAnswer?.({ igPublishSentAt: new Date().toISOString() })).toBe(false);
    expect(adapter.canConfirmLostAnswer?.({})).toBe(true);
    expect(adapter.canConfirmLostAnswer?.({ igContainer: "1", igPublishSentAt: null })).toBe(true);
    expect(adapter.canConfirmLostAnswer?.({ igContainer: "1", igPublishSentAt: "not a time" })).toBe(false);
  });
});

describe("quota, eligibility and Meta's errors", () => {
  it("the publishing limit is full: permanent, saying how much is used, before any container is made", async () => {
    account.quotaUsage = 100;
    const error = (await failure(
      adapter.publish(instagramRequest(account, { workspaceId, media: photos.slice(0, 1) }).req),
    )) as PublishError;
    expect(error.kind).toBe("permanent");
    expect(error.message).toMatch(/publishing limit is reached: 100 of 100 API posts in the last 24 hours/);
    expect(containersMade()).toBe(0);
    // One below the limit publishes (the account's own figures are used: here 50).
    account.quotaUsage = 49;
    account.quotaTotal = 50;
    await adapter.publish(instagramRequest(account, { workspaceId, media: photos.slice(0, 1) }).req);
    expect(account.quotaUsage).toBe(50);
    const again = (await failure(
      adapter.publish(instagramRequest(account, { workspaceId, media: photos.slice(0, 1) }).req),
    )) as PublishError;
    expect(again.message).toMatch(/50 of 50/);
  });

  it("quota() reads the account's own usage and limit for the Channels page", async () => {
    account.quotaUsage = 7;
    account.quotaTotal = 50;
    const { config, credentials } = channelOf(account);
    const quota = await adapter.quota?.({
      channel: { id: "ch", displayName: "@gram", platform: "INSTAGRAM", config },
      credentials,
      signal: AbortSignal.timeout(5_000),
      refreshCredentials: async () => credentials,
    });
    expect(quota).toEqual({ usage: 7, total: 50, durationSec: 86_400 });
  });

  it("media_publish refused for the quota (9/2207042): permanent with Meta's message; the send time is cleared", async () => {
    stub.fail({
      match: { method: "POST", path: /\/media_publish$/ },
      fail: graphError(400, {
        message: "Application request limit reached",
        code: 9,
        error_subcode: 2207042,
        error_user_msg:
          "You reached maximum number of posts that is allowed to be published by Content Publishing API.",
      }),
    });
    const { req, state: saved } = instagramRequest(account, { workspaceId, media: photos.slice(0, 1) });
    const error = (await failure(adapter.publish(req))) as PublishError;
    expect(error.kind).toBe("permanent");
    expect(error.message).toMatch(/24-hour publishing limit is reached .*#9\/2207042.*maximum number of posts/);
    expect(saved.igPublishSentAt).toBeNull();
    expect(posts()).toHaveLength(0);
  });

  it("a personal account is permanently not eligible; nothing is made", async () => {
    const error = (await failure(
      adapter.publish(instagramRequest(personal, { workspaceId, media: photos.slice(0, 1) }).req),
    )) as PublishError;
    expect(error.kind).toBe("permanent");
    expect(error.message).toMatch(/^account not eligible: .*professional .*#100\/33/);
    expect(containersMade()).toBe(0);
  });

  it("maps Meta's errors: 190 reconnect, throttling transient with its wait, 5xx transient, media refusals permanent", async () => {
    const one = () => instagramRequest(account, { workspaceId, media: photos.slice(0, 1) });
    const bad = (await failure(
      adapter.publish(instagramRequest(account, { workspaceId, media: photos }, { token: "EAAGnope" }).req),
    )) as PublishError;
    expect([bad.kind, bad.httpStatus]).toEqual(["reconnect", 400]);
    expect(bad.message).toMatch(/Invalid OAuth access token.*#190/);

    stub.fail({
      match: { method: "POST", path: /\/media$/ },
      fail: {
        ...graphError(400, {
          message: "(#80002) There have been too many calls to this Instagram account.",
          code: 80002,
        }),
        headers: {
          "x-business-use-case-usage": JSON.stringify({
            [account.igUserId]: [
              {
                type: "instagram",
                call_count: 100,
                total_cputime: 20,
                total_time: 30,
                estimated_time_to_regain_access: 7,
              },
            ],
          }),
        },
      },
    });
    const throttled = (await failure(adapter.publish(one().req))) as PublishError;
    expect([throttled.kind, throttled.retryAfterMs]).toEqual(["transient", 7 * 60_000]);

    stub.fail({
      match: { method: "POST", path: /\/media$/ },
      fail: graphError(500, { message: "An unknown error occurred", code: 1 }),
    });
    expect(((await failure(adapter.publish(one().req))) as PublishError).kind).toBe("transient");

    stub.fail({
      match: { method: "POST", path: /\/media$/ },
      fail: graphError(400, {
        message:
          "The submitted image with aspect ratio ('3/1',) cannot be published. Please submit an image with a valid aspect ratio.",
        code: 36003,
        error_subcode: 2207009,
      }),
    });
    const aspect = (await failure(adapter.publish(one().req))) as PublishError;
    expect(aspect.kind).toBe("permanent");
    expect(aspect.message).toMatch(/Instagram refused the media .*aspect ratio.*#36003\/2207009/);

    stub.fail({
      match: { method: "POST", path: /\/media$/ },
      fail: graphError(400, {
        message: "Create media fail, please try to re-create media",
        code: -1,
        error_subcode: 2207032,
      }),
    });
    expect(((await failure(adapter.publish(one().req))) as PublishError).kind).toBe("transient");

    stub.fail({
      match: { method: "POST", path: /\/media_publish$/ },
      fail: graphError(400, {
        message: "We restrict certain activity to protect our community.",
        code: 4,
        error_subcode: 2207051,
      }),
    });
    const spam = (await failure(adapter.publish(one().req))) as PublishError;
    expect([spam.kind, spam.message.startsWith("publishing the container: Instagram restricted")]).toEqual([
      "permanent",
      false,
    ]);
    expect(spam.message).toMatch(/restricted this as possible spam/);
    expect(posts()).toHaveLength(0);
  });

  it("media without a public URL, a GIF and an empty post fail permanently, naming why; nothing is sent", async () => {
    const noUrl = { ...(photos[0] as PublishableMedia), url: null, urlProblem: "PUBLIC_URL is not set" };
    const e1 = (await failure(
      adapter.publish(instagramRequest(account, { workspaceId, media: [noUrl] }).req),
    )) as PublishError;
    expect(e1.kind).toBe("permanent");
    expect(e1.message).toMatch(/media 1 \(One\.jpg\) has no public URL for Instagram to fetch: PUBLIC_URL is not set/);

    const gif = { ...(photos[0] as PublishableMedia), kind: "GIF" as const, mimeType: "image/gif" };
    const e2 = (await failure(
      adapter.publish(instagramRequest(account, { workspaceId, media: [gif] }).req),
    )) as PublishError;
    expect(e2.message).toMatch(/is a GIF/);
    const e3 = (await failure(
      adapter.publish(instagramRequest(account, { workspaceId, media: [] }).req),
    )) as PublishError;
    expect(e3.message).toMatch(/needs an image or a video/);
    expect(stub.requests).toHaveLength(0);
  });
});
