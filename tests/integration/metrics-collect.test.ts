import { describe, expect, it } from "vitest";
import { getMetricsDb } from "@/lib/db/mongo";
import { collectMetrics } from "@/lib/metrics/collect-metrics";
import { decodeDayPosts, engagementRate, engagementRollup, rollupDayId } from "@/lib/metrics/engagement-rollup";
import { metricSnapshots } from "@/lib/metrics/metric-snapshots";
import { createTestChannel } from "@/tests/helpers/factories";
import { createPublishedPost } from "@/tests/helpers/metrics";
import { setupTestWorkspaces } from "@/tests/helpers/test-workspaces";

const { db, createWorkspace } = setupTestWorkspaces({ metrics: true });
const mongo = getMetricsDb();
const HOUR = 3_600_000;

describe("collectMetrics", () => {
  it("reads SANDBOX posts once per target age, deterministically, and skips WEBHOOK channels", async () => {
    const { workspace } = await createWorkspace();
    const sandbox = await createTestChannel(db, { workspaceId: workspace.id, platform: "SANDBOX" });
    const webhook = await createTestChannel(db, {
      workspaceId: workspace.id,
      platform: "WEBHOOK",
      config: { url: "http://127.0.0.1:9/hook" },
      credentials: { secret: "a-long-shared-secret" },
    });
    // Far in the future, so rows of other tests (published "now") are out of this run's 7-day window.
    const publishedAt = new Date("2031-03-01T10:00:00Z");
    const p = await createPublishedPost(db, {
      workspaceId: workspace.id,
      channelId: sandbox.id,
      platform: "SANDBOX",
      publishedAt,
    });
    await createPublishedPost(db, {
      workspaceId: workspace.id,
      channelId: webhook.id,
      platform: "WEBHOOK",
      publishedAt,
    });
    const run = (hours: number) =>
      collectMetrics({ db, mongo, everyMs: HOUR, now: new Date(publishedAt.getTime() + hours * HOUR) });
    const docs = () => metricSnapshots(mongo).find({ workspaceId: workspace.id }).sort({ collectedAt: 1 }).toArray();

    expect(await run(0.5)).toMatchObject({ collected: 0 }); // before the first target age (1 h − 15 min)
    expect(await run(1)).toMatchObject({ collected: 1, unsupported: 1, failed: 0 });
    expect(await run(1.5)).toMatchObject({ collected: 0 }); // the 1 h reading exists
    expect(await run(23.5)).toMatchObject({ collected: 1 }); // the 24 h reading, taken up to one run early
    expect(await run(30)).toMatchObject({ collected: 0 });
    expect(await run(71.2)).toMatchObject({ collected: 1 }); // the 72 h reading, inside the horizon
    expect(await run(100)).toMatchObject({ collected: 0 });
    expect(await run(24 * 8)).toMatchObject({ collected: 0, unsupported: 0 }); // past 7 days: not looked at

    const stored = await docs();
    expect(stored.map((d) => d.ageMs / HOUR)).toEqual([1, 23.5, 71.2]);
    expect(stored.every((d) => d.channelId === sandbox.id && d.postId === p.postId)).toBe(true);
    const [first, , last] = stored;
    expect(last?.ageMs).toBeLessThanOrEqual(72 * HOUR);
    expect((last?.likes ?? 0) + (last?.comments ?? 0)).toBeGreaterThan((first?.likes ?? 0) + (first?.comments ?? 0));
    expect(last?.reach).toBeGreaterThan(0);

    // The calculator's rollup keeps the latest reading inside the 24-72 h band: the 71.2 h one.
    const day = await engagementRollup(mongo).findOne({ _id: rollupDayId(workspace.id, "SANDBOX", publishedAt) });
    expect(decodeDayPosts(day)).toEqual([
      {
        publicationId: p.publicationId,
        channelId: sandbox.id,
        postId: p.postId,
        publishedAt,
        ageMs: 71.2 * HOUR,
        rate: engagementRate(
          last ?? { likes: 0, comments: 0, shares: 0, saves: 0, clicks: 0, reach: null, followers: null },
        ),
      },
    ]);

    // Deterministic: the same post at the same age gives the same numbers on a fresh run.
    await metricSnapshots(mongo).deleteMany({ workspaceId: workspace.id });
    await db.publicationResult.updateMany({ where: { channelId: sandbox.id }, data: { metricsReading: null } });
    await run(71.2);
    const again = await docs();
    expect(again).toHaveLength(1);
    const { _id: _a, ...rerun } = again[0] ?? {};
    const { _id: _b, ...original } = last ?? {};
    expect(rerun).toEqual(original);
  });
});
