import { describe, expect, it } from "vitest";
import * as metricsRoute from "@/app/api/metrics/route";
import { getMetricsDb } from "@/lib/db/mongo";
import { metricSnapshots } from "@/lib/metrics/metric-snapshots";
import { MAX_SNAPSHOT_BATCH } from "@/lib/schemas/metrics";
import { callRoute, isolateAppSingletons } from "@/tests/helpers/call-route";
import { createTestChannel } from "@/tests/helpers/factories";
import { createPublishedPost } from "@/tests/helpers/metrics";
import { setupTestWorkspaces } from "@/tests/helpers/test-workspaces";

const { db, createWorkspace } = setupTestWorkspaces({ app: isolateAppSingletons(), metrics: true });
const mongo = getMetricsDb();

async function publishedSetup(timezone = "Europe/Berlin") {
  const { workspace, token } = await createWorkspace({ timezone });
  const channel = await createTestChannel(db, { workspaceId: workspace.id, platform: "INSTAGRAM" });
  const publishedAt = new Date(Date.now() - 5 * 86_400_000);
  const post = await createPublishedPost(db, {
    workspaceId: workspace.id,
    channelId: channel.id,
    platform: "INSTAGRAM",
    publishedAt,
  });
  return { workspace, token, channel, post };
}

const at = (p: { publishedAt: Date }, hours: number) =>
  new Date(p.publishedAt.getTime() + hours * 3_600_000).toISOString();
const post = (token: string, body: unknown) =>
  callRoute(metricsRoute.POST, { method: "POST", path: "/api/metrics", token, body });
const stored = (workspaceId: string) => metricSnapshots(mongo).countDocuments({ workspaceId });

describe("POST /api/metrics", () => {
  it("stores a batch once: the same snapshots again are unchanged, changed numbers update in place", async () => {
    const { workspace, token, post: p } = await publishedSetup();
    const rows = [1, 24, 72].map((h) => ({
      publicationId: p.publicationId,
      channelId: p.channelId,
      collectedAt: at(p, h),
      reach: 100 * h,
      likes: h,
      comments: 1,
      followers: 5000,
    }));
    const first = await post(token, { snapshots: rows });
    expect(first.status).toBe(201);
    expect(first.json).toEqual({ inserted: 3, updated: 0, unchanged: 0 });
    const again = await post(token, { snapshots: rows });
    expect(again.status).toBe(200);
    expect(again.json).toEqual({ inserted: 0, updated: 0, unchanged: 3 });
    expect(await stored(workspace.id)).toBe(3);

    const changed = await post(token, { snapshots: [{ ...rows[2], likes: 999 }] });
    expect(changed.json).toEqual({ inserted: 0, updated: 1, unchanged: 0 });
    const doc = await metricSnapshots(mongo).findOne({ workspaceId: workspace.id, ageMs: 72 * 3_600_000 });
    expect(doc).toMatchObject({
      postId: p.postId,
      platform: "INSTAGRAM",
      likes: 999,
      shares: 0,
      saves: 0,
      impressions: null,
      publishedAt: p.publishedAt,
    });
    expect(await stored(workspace.id)).toBe(3);
  });

  it("refuses a batch with bad rows with 400 naming each row and field, storing nothing", async () => {
    const { workspace, token, post: p } = await publishedSetup();
    const good = { publicationId: p.publicationId, channelId: p.channelId, collectedAt: at(p, 24), likes: 3 };
    const shape = await post(token, {
      snapshots: [good, { ...good, likes: -1 }, { ...good, collectedAt: "yesterday" }, { ...good, views: 3 }],
    });
    expect(shape.status).toBe(400);
    expect(shape.json.error.details.map((d: { path: string }) => d.path)).toEqual([
      "snapshots.1.likes",
      "snapshots.2.collectedAt",
      "snapshots.3",
    ]);

    const semantic = await post(token, {
      snapshots: [
        good,
        { ...good, publicationId: "no-such-publication" },
        { ...good, collectedAt: at(p, -2) },
        { ...good, collectedAt: new Date(Date.now() + 3_600_000).toISOString() },
        // Two problems in one row: both named.
        { ...good, publicationId: "no-such-publication", collectedAt: new Date(Date.now() + 3_600_000).toISOString() },
      ],
    });
    expect(semantic.status).toBe(400);
    expect(semantic.json.error.code).toBe("invalid_request");
    expect(semantic.json.error.details.map((d: { path: string }) => d.path)).toEqual([
      "snapshots.1.publicationId",
      "snapshots.2.collectedAt",
      "snapshots.3.collectedAt",
      "snapshots.4.publicationId",
      "snapshots.4.collectedAt",
    ]);
    // The message names the rows the way the paths do (each once), not as "rows 1, 2".
    expect(semantic.json.error.message).toBe(
      "Invalid snapshots[1], snapshots[2], snapshots[3], snapshots[4] (see details): nothing was stored",
    );
    expect(await stored(workspace.id)).toBe(0);
  });

  it(`refuses more than ${MAX_SNAPSHOT_BATCH} snapshots in one request`, async () => {
    const { workspace, token, post: p } = await publishedSetup();
    const snapshots = Array.from({ length: MAX_SNAPSHOT_BATCH + 1 }, (_, i) => ({
      publicationId: p.publicationId,
      channelId: p.channelId,
      collectedAt: new Date(p.publishedAt.getTime() + (i + 1) * 60_000).toISOString(),
    }));
    const res = await post(token, { snapshots });
    expect(res.status).toBe(400);
    expect(res.json.error.details[0].message).toContain(`at most ${MAX_SNAPSHOT_BATCH}`);
    expect(await stored(workspace.id)).toBe(0);
    const full = await post(token, { snapshots: snapshots.slice(0, MAX_SNAPSHOT_BATCH) });
    expect(full.json).toEqual({ inserted: MAX_SNAPSHOT_BATCH, updated: 0, unchanged: 0 });
  });

  it("never stores metrics for another workspace's publication", async () => {
    const a = await publishedSetup();
    const b = await publishedSetup();
    const res = await post(b.token, {
      snapshots: [{ publicationId: a.post.publicationId, channelId: a.post.channelId, collectedAt: at(a.post, 24) }],
    });
    expect(res.status).toBe(400);
    expect(res.json.error.details[0].path).toBe("snapshots.0.publicationId");
    expect(await stored(a.workspace.id)).toBe(0);
    expect(await stored(b.workspace.id)).toBe(0);
    expect((await post("not-a-token", { snapshots: [] })).status).toBe(401);
  });
});
