import { randomUUID } from "node:crypto";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import type { MetricsRequest, PublishError } from "@/lib/publishing/networks/types";
import {
  channelOf,
  instagramAccount,
  instagramAdapterFor,
  instagramRequest,
  publishableMedia,
} from "@/tests/helpers/instagram-publishing";
import { setupInstagramTestFile, startInstagramStub } from "@/tests/helpers/instagram-test-setup";
import { makeGpsJpeg, uploadMedia } from "@/tests/helpers/upload-media";
import { type InstagramStubAccount, type InstagramStubState, instagramRoutesForMeta } from "@/tests/stubs/instagram";
import { type StubServer, startStubServer } from "@/tests/stubs/stub-server";

// metrics() of the INSTAGRAM adapter: a published media's insights and the account's followers, from the stub.

const { db, createWorkspace } = await setupInstagramTestFile();

let stub: StubServer;
let state: InstagramStubState;
let account: InstagramStubAccount;
let mediaId: string;

beforeEach(async () => {
  account = instagramAccount({ followersCount: 1234 });
  ({ state, server: stub } = await startInstagramStub([account]));
  const { workspace, token } = await createWorkspace();
  const up = await uploadMedia(token, await makeGpsJpeg(), "photo.jpg");
  const media = await publishableMedia(db, [{ id: up.id }]);
  const receipt = await instagramAdapterFor(stub.url).publish(
    instagramRequest(account, { workspaceId: workspace.id, media }).req,
  );
  mediaId = receipt.platformPostId;
});
afterEach(() => stub.close());

function metricsRequest(platformPostId: string | null, token = account.accessToken): MetricsRequest {
  const { config } = channelOf(account);
  return {
    postId: randomUUID(),
    channel: { id: randomUUID(), displayName: `@${account.username}`, platform: "INSTAGRAM", config },
    credentials: { accessToken: token, expiresAt: null },
    platformPostId,
    publishedAt: new Date(),
    at: new Date(),
    signal: new AbortController().signal,
    refreshCredentials: async (fn) => fn({ accessToken: token }),
  };
}

describe("Instagram metrics", () => {
  it("reads views, reach, likes, comments, shares and saved, and the account's followers", async () => {
    const media = state.media.get(mediaId);
    if (!media) throw new Error("no media");
    media.insights = { views: 540, reach: 310, likes: 44, comments: 7, shares: 3, saved: 9 };
    const got = await instagramAdapterFor(stub.url).metrics?.(metricsRequest(mediaId));
    expect(got).toEqual({
      impressions: 540,
      reach: 310,
      likes: 44,
      comments: 7,
      shares: 3,
      saves: 9,
      clicks: 0,
      followers: 1234,
    });
    const asked = stub.received("GET", new RegExp(`/${mediaId}/insights$`))[0];
    // impressions is deprecated (v22.0; all versions from April 21, 2025): only the current metric names are asked.
    expect(asked?.query.get("metric")).toBe("views,reach,likes,comments,shares,saved");
  });

  it("insights withheld ('Not enough viewers'): likes and comments from the media's counts, the rest unknown", async () => {
    state.insightsWithheld.add(mediaId);
    const media = state.media.get(mediaId);
    if (media) media.insights = { ...media.insights, likes: 5, comments: 2 };
    const got = await instagramAdapterFor(stub.url).metrics?.(metricsRequest(mediaId));
    expect(got).toEqual({
      impressions: null,
      reach: null,
      likes: 5,
      comments: 2,
      shares: 0,
      saves: 0,
      clicks: 0,
      followers: 1234,
    });
  });

  it("a refused token is 'reconnect'; no media id is permanent", async () => {
    const adapter = instagramAdapterFor(stub.url);
    const refused = (await adapter
      .metrics?.(metricsRequest(mediaId, "EAAGbad"))
      .catch((e: unknown) => e)) as PublishError;
    expect(refused.kind).toBe("reconnect");
    const none = (await adapter.metrics?.(metricsRequest(null)).catch((e: unknown) => e)) as PublishError;
    expect([none.kind, none.message]).toEqual(["permanent", "no Instagram media id was recorded for this post"]);
  });
});

describe("the Instagram stub on the Meta stub's server", () => {
  it("serves the Meta stub's linked accounts with their Pages' long-lived tokens", async () => {
    const tokens = new Map([["p1", "EAApageL-one"]]);
    const routes = instagramRoutesForMeta({
      igAccounts: () => [{ id: "17841400000000001", username: "shop", followersCount: 77, pageId: "p1" }],
      pageToken: (pageId, long) => (long ? (tokens.get(pageId) ?? "") : "short"),
    });
    const shared = await startStubServer(routes);
    try {
      const ok = await fetch(`${shared.url}/v27.0/17841400000000001?fields=followers_count&access_token=EAApageL-one`);
      expect(await ok.json()).toEqual({ id: "17841400000000001", followers_count: 77 });
      const short = await fetch(`${shared.url}/v27.0/17841400000000001?fields=followers_count&access_token=short`);
      expect(((await short.json()) as { error: { code: number } }).error.code).toBe(190);
      // Ids it does not know are left to the Meta stub's routes (here: none, so the server's 404).
      expect((await fetch(`${shared.url}/v27.0/999?access_token=EAApageL-one`)).status).toBe(404);
      expect(routes.instagram.accounts).toHaveLength(1);
    } finally {
      await shared.close();
    }
  });
});
