import { describe, expect, it } from "vitest";
import { getMetricsDb } from "@/lib/db/mongo";
import { engagementRollup, loadRolledUpPosts, rollupDayId } from "@/lib/metrics/engagement-rollup";
import { upsertSnapshots } from "@/lib/metrics/ingest-snapshots";
import { metricSnapshots } from "@/lib/metrics/metric-snapshots";
import { rebuildEngagementRollup } from "@/lib/metrics/rebuild-rollup";
import { createTestChannel } from "@/tests/helpers/factories";
import { createPublishedPost, snapshotDoc } from "@/tests/helpers/metrics";
import { setupTestWorkspaces } from "@/tests/helpers/test-workspaces";

const { db, createWorkspace } = setupTestWorkspaces({ metrics: true, sql: true });
const mongo = getMetricsDb();
const HOUR = 3_600_000;
// Noon UTC, so every post of a test lands on the same UTC day (one rollup document).
const DAY = new Date("2026-09-15T12:00:00Z");

async function setup(posts = 1) {
  const { workspace } = await createWorkspace();
  const channel = await createTestChannel(db, { workspaceId: workspace.id, platform: "INSTAGRAM" });
  const published = [];
  for (let i = 0; i < posts; i++) {
    published.push(
      await createPublishedPost(db, {
        workspaceId: workspace.id,
        channelId: channel.id,
        platform: "INSTAGRAM",
        publishedAt: new Date(DAY.getTime() + i * 60_000),
      }),
    );
  }
  const window = { since: new Date(DAY.getTime() - 24 * HOUR), until: new Date(DAY.getTime() + 24 * HOUR) };
  const rolledUp = () => loadRolledUpPosts({ mongo, workspaceId: workspace.id, platform: "INSTAGRAM", ...window });
  return { workspaceId: workspace.id, published, rolledUp };
}

describe("the engagement rollup", () => {
  it("keeps each post's latest reading inside 24-72 h, whatever order the snapshots arrive in", async () => {
    const { workspaceId, published, rolledUp } = await setup();
    const p = published[0];
    if (!p) throw new Error("no post");
    const reading = (ageHours: number, rate: number) => snapshotDoc(workspaceId, p, { rate, ageHours });

    await upsertSnapshots(mongo, [reading(1, 0.5)]); // too young for the band
    expect(await rolledUp()).toEqual([]);
    await upsertSnapshots(mongo, [reading(72, 0.04)]);
    await upsertSnapshots(mongo, [reading(24, 0.02), reading(48, 0.03)]); // older readings arriving late
    await upsertSnapshots(mongo, [reading(96, 0.09)]); // past the horizon
    expect(await rolledUp()).toEqual([
      expect.objectContaining({ publicationId: p.publicationId, ageMs: 72 * HOUR, rate: 0.04 }),
    ]);

    // The same 72 h snapshot re-sent with corrected numbers corrects the rollup too.
    const corrected = await upsertSnapshots(mongo, [reading(72, 0.05)]);
    expect(corrected).toEqual({ inserted: 0, updated: 1, unchanged: 0 });
    expect((await rolledUp()).map((r) => r.rate)).toEqual([0.05]);
    expect(await metricSnapshots(mongo).countDocuments({ workspaceId })).toBe(5);
  });

  it("loses no post when ingests for the same day run at the same time", async () => {
    const { workspaceId, published, rolledUp } = await setup(12);
    // One request per post, all at once: without the workspace lock FerretDB's read-modify-write of the day
    // document drops all but one of them.
    await Promise.all(
      published.map((p, i) => upsertSnapshots(mongo, [snapshotDoc(workspaceId, p, { rate: 0.01 * (i + 1) })])),
    );
    const posts = await rolledUp();
    expect(posts.map((r) => r.publicationId).sort()).toEqual(published.map((p) => p.publicationId).sort());
    expect(await engagementRollup(mongo).countDocuments({ workspaceId })).toBe(1);
  });

  it("is rebuilt from the stored snapshots to the same content", async () => {
    const { workspaceId, published, rolledUp } = await setup(3);
    for (const [i, p] of published.entries()) {
      await upsertSnapshots(mongo, [
        snapshotDoc(workspaceId, p, { rate: 0.02 + i / 100, ageHours: 24 }),
        snapshotDoc(workspaceId, p, { rate: 0.03 + i / 100, ageHours: 70 }),
      ]);
    }
    const before = await rolledUp();
    expect(before).toHaveLength(3);
    const dayId = rollupDayId(workspaceId, "INSTAGRAM", DAY);
    await engagementRollup(mongo).deleteOne({ _id: dayId });
    expect(await rolledUp()).toEqual([]);

    const rebuilt = await rebuildEngagementRollup({ mongo });
    expect(rebuilt.snapshots).toBeGreaterThanOrEqual(6);
    expect(await rolledUp()).toEqual(before);
  });
});
