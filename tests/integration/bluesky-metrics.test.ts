import { randomUUID } from "node:crypto";
import { AtpAgent } from "@atproto/api";
import { describe, expect, it } from "vitest";
import { getMetricsDb } from "@/lib/db/mongo";
import { getEnv } from "@/lib/env";
import { collectMetrics } from "@/lib/metrics/collect-metrics";
import { metricSnapshots } from "@/lib/metrics/metric-snapshots";
import { createGuardedFetch } from "@/lib/net/create-guarded-fetch";
import { blueskyAdapter } from "@/lib/publishing/networks/bluesky/adapter";
import { connectBlueskyAccount } from "@/lib/publishing/networks/bluesky/connect";
import type { PublishRequest } from "@/lib/publishing/networks/types";
import { type BlueskyTestAccount, createBlueskyAccount } from "@/tests/helpers/bluesky-accounts";
import { waitForBlueskyAppView } from "@/tests/helpers/bluesky-appview";
import { createTestChannel } from "@/tests/helpers/factories";
import { createPublishedPost } from "@/tests/helpers/metrics";
import { setupTestWorkspaces } from "@/tests/helpers/test-workspaces";

// Bluesky engagement for the optimal-time calculator (issue 10), end to end on the launcher's real network
// (@atproto/dev-env: PDS + PLC + the AppView @atproto/bsky): a post is published through the adapter, other accounts
// like, repost, reply to and quote it with their own sessions, the AppView indexes that from the PDS's firehose, and
// the metrics collection (lib/metrics/collect-metrics.ts, through the PDS's atproto-proxy to the AppView) stores the
// counts in the snapshot store (MongoDB wire protocol, FerretDB).

const { db, createWorkspace } = setupTestWorkspaces({ metrics: true });
const mongo = getMetricsDb();
const HOUR = 3_600_000;

/** Signs in as the person (their own account password), as another Bluesky app would. */
async function signedIn(account: BlueskyTestAccount): Promise<AtpAgent> {
  const agent = new AtpAgent({ service: account.pdsUrl });
  await agent.login({ identifier: account.handle, password: account.accountPassword });
  return agent;
}

describe("Bluesky metrics through the AppView", () => {
  it("stores the likes, replies, reposts + quotes and followers others gave a post; zeros for an untouched one", async () => {
    const { workspace } = await createWorkspace();
    const author = await createBlueskyAccount({ prefix: "author" });
    const { config, credentials } = await connectBlueskyAccount({
      identifier: author.handle,
      appPassword: author.password,
      service: author.pdsUrl,
      plcUrl: getEnv().BLUESKY_PLC_URL,
      fetch: createGuardedFetch(),
    });
    const channel = await createTestChannel(db, {
      workspaceId: workspace.id,
      platform: "BLUESKY",
      config,
      credentials,
    });

    // Two posts published through the adapter, as the worker does.
    const publish = (content: string) => {
      const request: PublishRequest = {
        post: {
          id: randomUUID(),
          workspaceId: workspace.id,
          content,
          mediaUrls: [],
          media: [],
          tags: [],
          scheduledAt: null,
        },
        channel: { id: channel.id, displayName: channel.displayName, platform: "BLUESKY", config },
        credentials,
        idempotencyKey: randomUUID(),
        signal: AbortSignal.timeout(30_000),
        state: {},
        checkpoint: async () => {},
        refreshCredentials: async (fn) => fn(credentials),
      };
      return blueskyAdapter.publish(request);
    };
    const liked = await publish("Which hour do you read Bluesky?");
    const untouched = await publish("Nobody will see this one");

    // Others engage for real, each with their own session on the PDS.
    const [bob, carol, dave, erin] = (await Promise.all(
      ["bob", "carol", "dave", "erin"].map(async (prefix) => signedIn(await createBlueskyAccount({ prefix }))),
    )) as [AtpAgent, AtpAgent, AtpAgent, AtpAgent];
    const { data: record } = await bob.com.atproto.repo.getRecord({
      repo: config.did,
      collection: "app.bsky.feed.post",
      rkey: liked.platformPostId.split("/").pop() ?? "",
    });
    const post = { uri: record.uri, cid: record.cid ?? "" };
    expect(post.uri).toBe(liked.platformPostId);
    const now = () => new Date().toISOString();
    for (const fan of [bob, carol, dave]) await fan.like(post.uri, post.cid); // 3 likes
    for (const fan of [bob, carol]) await fan.repost(post.uri, post.cid); // 2 reposts
    await dave.post({ text: "Evenings, mostly", reply: { root: post, parent: post }, createdAt: now() }); // 1 reply
    await erin.post({
      text: "Good question",
      embed: { $type: "app.bsky.embed.record", record: post },
      createdAt: now(),
    }); // 1 quote
    for (const fan of [bob, carol]) await fan.follow(config.did); // 2 followers
    await waitForBlueskyAppView();

    // Both as the worker leaves them, far in the future so no other test's rows fall in this run's 7-day window.
    const publishedAt = new Date(Date.UTC(2033, 5, 1, 9, Math.floor(Math.random() * 600)));
    for (const receipt of [liked, untouched]) {
      const p = await createPublishedPost(db, {
        workspaceId: workspace.id,
        channelId: channel.id,
        platform: "BLUESKY",
        publishedAt,
      });
      await db.publicationResult.updateMany({
        where: { publicationId: p.publicationId },
        data: { platformPostId: receipt.platformPostId },
      });
    }
    const run = await collectMetrics({ db, mongo, everyMs: HOUR, now: new Date(publishedAt.getTime() + HOUR) });
    expect(run).toMatchObject({ collected: 2, failed: 0 });

    const results = await db.publicationResult.findMany({
      where: { channelId: channel.id },
      select: { publicationId: true, platformPostId: true },
    });
    const snapshotOf = async (uri: string) => {
      const publicationId = results.find((r) => r.platformPostId === uri)?.publicationId;
      const docs = await metricSnapshots(mongo).find({ workspaceId: workspace.id, publicationId }).toArray();
      expect(docs).toHaveLength(1);
      return docs[0];
    };
    expect(await snapshotOf(liked.platformPostId)).toMatchObject({
      platform: "BLUESKY",
      channelId: channel.id,
      likes: 3,
      comments: 1,
      shares: 3, // 2 reposts + 1 quote
      followers: 2,
      impressions: null,
      reach: null,
      saves: 0,
      clicks: 0,
      ageMs: HOUR,
    });
    expect(await snapshotOf(untouched.platformPostId)).toMatchObject({
      likes: 0,
      comments: 0,
      shares: 0,
      followers: 2,
    });
  });
});
