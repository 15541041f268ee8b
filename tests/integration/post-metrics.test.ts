import { describe, expect, it } from "vitest";
import * as metricsRoute from "@/app/api/metrics/route";
import * as postMetricsRoute from "@/app/api/posts/[id]/metrics/route";
import { getMetricsDb } from "@/lib/db/mongo";
import { backfillPostLatestMetrics, rebuildPostLatestMetrics } from "@/lib/metrics/backfill-post-latest-metrics";
import { upsertSnapshots } from "@/lib/metrics/ingest-snapshots";
import { metricSnapshots } from "@/lib/metrics/metric-snapshots";
import { dropRetiredLatestMetricsCollection } from "@/lib/metrics/post-latest-metrics";
import { callRoute, isolateAppSingletons } from "@/tests/helpers/call-route";
import { createPublishedPost, snapshotDoc } from "@/tests/helpers/metrics";
import { setupTestWorkspaces } from "@/tests/helpers/test-workspaces";

// GET /api/posts/:id/metrics against FerretDB: the latest reading per channel, named as each platform names it,
// kept by every snapshot write (POST /api/metrics here; the collection job goes through the same upsertSnapshots).

const { db, createWorkspace } = setupTestWorkspaces({ app: isolateAppSingletons(), metrics: true });
const mongo = getMetricsDb();
const HOUR = 3_600_000;

async function twoChannelPost() {
  const { workspace, workspaceId, token, channelIds } = await createWorkspace({ timezone: "Europe/Berlin" }, [
    { platform: "MASTODON" },
    { platform: "TWITTER" },
  ]);
  const [mastodon, x] = channelIds;
  const publishedAt = new Date(Date.now() - 5 * 86_400_000);
  const post = await createPublishedPost(db, { workspaceId, channelId: mastodon, platform: "MASTODON", publishedAt });
  // The same publication also went out on X.
  await db.publicationResult.create({
    data: {
      publicationId: post.publicationId,
      channelId: x,
      platform: "TWITTER",
      status: "SUCCEEDED",
      idempotencyKey: `x-${post.postId}`,
      platformPostId: `x-${post.postId}`,
      publishedAt,
      attempts: 1,
    },
  });
  return { workspace, token, post, mastodon, x };
}

const read = (token: string, id: string) =>
  callRoute(postMetricsRoute.GET, { path: `/api/posts/${id}/metrics`, token, params: { id } });
const ingest = (token: string, snapshots: unknown[]) =>
  callRoute(metricsRoute.POST, { method: "POST", path: "/api/metrics", token, body: { snapshots } });

describe("GET /api/posts/:id/metrics", () => {
  it("is empty before any snapshot, then gives each channel's latest reading with the platform's names", async () => {
    const { token, post, mastodon, x } = await twoChannelPost();
    const none = await read(token, post.postId);
    expect(none.status).toBe(200);
    expect(none.json).toEqual({ postId: post.postId, channels: [] });

    const at = (h: number) => new Date(post.publishedAt.getTime() + h * HOUR).toISOString();
    const base = { publicationId: post.publicationId };
    // Sent out of order: the 72 h reading first, then the 1 h and 24 h ones; the latest must win on each channel.
    expect(
      (
        await ingest(token, [
          { ...base, channelId: mastodon, collectedAt: at(72), likes: 40, comments: 5, shares: 9, followers: 800 },
          { ...base, channelId: x, collectedAt: at(24), impressions: 5000, likes: 70, comments: 3, shares: 11 },
        ])
      ).status,
    ).toBe(201);
    await ingest(token, [
      { ...base, channelId: mastodon, collectedAt: at(1), likes: 2, comments: 0, shares: 1 },
      { ...base, channelId: mastodon, collectedAt: at(24), likes: 30, comments: 4, shares: 7 },
      { ...base, channelId: x, collectedAt: at(1), impressions: 900, likes: 10 },
    ]);

    const res = await read(token, post.postId);
    expect(res.status).toBe(200);
    const byChannel = new Map(res.json.channels.map((c: { channelId: string }) => [c.channelId, c]));
    expect(byChannel.get(mastodon)).toEqual({
      channelId: mastodon,
      platform: "MASTODON",
      publicationId: post.publicationId,
      collectedAt: at(72),
      followers: 800,
      figures: [
        { metric: "likes", label: "Favourites", value: 40 },
        { metric: "comments", label: "Replies", value: 5 },
        { metric: "shares", label: "Boosts", value: 9 },
      ],
    });
    expect(byChannel.get(x)).toEqual({
      channelId: x,
      platform: "TWITTER",
      publicationId: post.publicationId,
      collectedAt: at(24),
      followers: null,
      figures: [
        { metric: "impressions", label: "Views", value: 5000 },
        { metric: "likes", label: "Likes", value: 70 },
        { metric: "comments", label: "Replies", value: 3 },
        { metric: "shares", label: "Reposts and quotes", value: 11 },
        { metric: "saves", label: "Bookmarks", value: 0 },
        { metric: "clicks", label: "Link clicks", value: 0 },
      ],
    });

    // A corrected re-send of the latest reading (same instant) replaces its numbers.
    await ingest(token, [{ ...base, channelId: mastodon, collectedAt: at(72), likes: 41, comments: 5, shares: 9 }]);
    const corrected = await read(token, post.postId);
    const m = corrected.json.channels.find((c: { channelId: string }) => c.channelId === mastodon);
    expect(m.figures[0]).toEqual({ metric: "likes", label: "Favourites", value: 41 });
  });

  it("keeps the latest reading when stores of one post run at once and out of order", async () => {
    const { token, post, mastodon } = await twoChannelPost();
    const at = (h: number) => new Date(post.publishedAt.getTime() + h * HOUR).toISOString();
    // Eight requests at once, the latest (48 h) among the first sent: a read-modify-write without a compare-and-set
    // would end with whichever finished last.
    const hours = [3, 48, 1, 12, 6, 24, 2, 36];
    const answers = await Promise.all(
      hours.map((h) =>
        ingest(token, [{ publicationId: post.publicationId, channelId: mastodon, collectedAt: at(h), likes: h }]),
      ),
    );
    expect(answers.map((a) => a.status)).toEqual(hours.map(() => 201));
    const res = await read(token, post.postId);
    expect(res.json.channels).toHaveLength(1);
    expect(res.json.channels[0].collectedAt).toBe(at(48));
    expect(res.json.channels[0].figures[0]).toEqual({ metric: "likes", label: "Favourites", value: 48 });
    expect(await db.postLatestMetric.count({ where: { postId: post.postId } })).toBe(1);
  });

  it("never files a snapshot under a post of another workspace", async () => {
    const { workspace, post, mastodon } = await twoChannelPost();
    const { token: otherToken, workspace: other } = await createWorkspace();
    // A store naming the other workspace but this workspace's post and channel (the collection job and the API
    // always copy them from PostgreSQL; this is the write path's own guard).
    const p = { ...post, channelId: mastodon, platform: "MASTODON" as const };
    await upsertSnapshots(mongo, [
      { ...snapshotDoc(workspace.id, p, { rate: 0.5, ageHours: 30 }), workspaceId: other.id },
    ]);
    expect(await db.postLatestMetric.count({ where: { postId: post.postId } })).toBe(0);
    expect((await read(otherToken, post.postId)).status).toBe(404);
  });

  it("rounds a collector's fractional count instead of failing the batch (the table's counts are whole)", async () => {
    const { workspace, token, post, mastodon } = await twoChannelPost();
    const p = { ...post, channelId: mastodon, platform: "MASTODON" as const };
    const doc = { ...snapshotDoc(workspace.id, p, { rate: 0.05, ageHours: 30 }), impressions: 1041.3, likes: 49.6 };
    expect(await upsertSnapshots(mongo, [doc])).toEqual({ inserted: 1, updated: 0, unchanged: 0 });
    const row = await db.postLatestMetric.findUniqueOrThrow({
      where: { postId_channelId: { postId: post.postId, channelId: mastodon } },
    });
    expect([row.impressions, row.likes]).toEqual([1041n, 50n]);
    expect((await read(token, post.postId)).json.channels).toHaveLength(1);
  });

  it("answers 404 for another workspace's post and for an unknown id, without its numbers", async () => {
    const { token: ownerToken, post, mastodon } = await twoChannelPost();
    const collectedAt = new Date(post.publishedAt.getTime() + 2 * HOUR).toISOString();
    await ingest(ownerToken, [{ publicationId: post.publicationId, channelId: mastodon, collectedAt, likes: 5 }]);
    const { token: otherToken } = await createWorkspace();
    const other = await read(otherToken, post.postId);
    expect(other.status).toBe(404);
    expect(other.json.error.code).toBe("not_found");
    expect(other.text).not.toContain("Favourites");
    expect((await read(ownerToken, "no-such-post")).status).toBe(404);
  });

  it("is built from snapshots stored before it existed (the worker's one-time backfill)", async () => {
    const { workspace, token, post, mastodon } = await twoChannelPost();
    const p = { ...post, channelId: mastodon, platform: "MASTODON" as const };
    // Stored straight into MongoDB, as by a version without the table: the card has nothing yet.
    await metricSnapshots(mongo).insertMany([
      snapshotDoc(workspace.id, p, { rate: 0.01, ageHours: 24 }),
      snapshotDoc(workspace.id, p, { rate: 0.05, ageHours: 72 }),
    ]);
    expect((await read(token, post.postId)).json.channels).toEqual([]);
    const built = await rebuildPostLatestMetrics({ mongo });
    expect(built.snapshots).toBeGreaterThanOrEqual(2);
    const res = await read(token, post.postId);
    expect(res.json.channels).toHaveLength(1);
    expect(res.json.channels[0].collectedAt).toBe(new Date(post.publishedAt.getTime() + 72 * HOUR).toISOString());
    expect(res.json.channels[0].figures.find((f: { metric: string }) => f.metric === "likes")?.value).toBe(50);
    // The worker's start-up call rebuilds only when the table is empty (an upgraded install); here it is not.
    expect(await backfillPostLatestMetrics({ mongo })).toBeNull();
  });

  it("drops the MongoDB collection that held these figures before (the worker at start)", async () => {
    await mongo.collection("post_latest_metrics").insertOne({ _id: "w/p", channels: [] } as never);
    expect(await dropRetiredLatestMetricsCollection(mongo)).toBe(true);
    expect(await mongo.listCollections({ name: "post_latest_metrics" }).toArray()).toEqual([]);
    expect(await dropRetiredLatestMetricsCollection(mongo)).toBe(false);
  });
});
