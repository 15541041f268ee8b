import type { MongoClient } from "mongodb";
import { describe, expect, it } from "vitest";
import * as metricsRoute from "@/app/api/metrics/route";
import * as optimalTimesRoute from "@/app/api/scheduling/optimal-times/route";
import { createMongoClient, getMetricsDb } from "@/lib/db/mongo";
import { upsertSnapshots } from "@/lib/metrics/ingest-snapshots";
import type { MetricSnapshotDoc } from "@/lib/metrics/metric-snapshots";
import { DEFAULT_SLOTS } from "@/lib/optimal-times/default-slots";
import { getOptimalTimes } from "@/lib/optimal-times/optimal-times";
import { suggestTimes } from "@/lib/optimal-times/suggest-times";
import { wallTimeToInstant } from "@/lib/time/wall-time-to-instant";
import { weekdayHourInZone } from "@/lib/time/weekday-hour";
import { seedEngagementHistory } from "@/prisma/seed-metrics";
import { callRoute, isolateAppSingletons } from "@/tests/helpers/call-route";
import { createTestChannel } from "@/tests/helpers/factories";
import { createPublishedPost, snapshotDoc } from "@/tests/helpers/metrics";
import { setupTestWorkspaces } from "@/tests/helpers/test-workspaces";

const { db, createWorkspace } = setupTestWorkspaces({ app: isolateAppSingletons(), metrics: true });
const mongo = getMetricsDb();

const NOW = new Date("2026-11-20T12:00:00Z");
const slotKey = (s: { dayOfWeek: number; hour: number }) => `${s.dayOfWeek}@${s.hour}`;

const workspace = (timezone = "Europe/Berlin") => createWorkspace({ timezone });

/** Wall time `hour`:`minute` on the local day `daysAgo` before NOW's local day, in Berlin. */
function berlin(daysAgo: number, hour: number, minute = 10): Date {
  const base = Date.UTC(2026, 10, 20) - daysAgo * 86_400_000 + hour * 3_600_000 + minute * 60_000;
  const r = wallTimeToInstant(base, "Europe/Berlin");
  if (r.kind === "gap") throw new Error("gap");
  return r.instant;
}

describe("the seeded demo pattern", () => {
  it("puts Instagram Tuesday/Thursday 18:00-20:00 on top in Berlin, and at 12:00-14:00 when asked in New York", async () => {
    const { workspace: ws, token } = await workspace();
    const seeded = await seedEngagementHistory({ db, mongo, workspaceId: ws.id, timezone: "Europe/Berlin", now: NOW });
    expect(seeded.created).toBe(true);

    const berlinTimes = await getOptimalTimes({ db, mongo, workspaceId: ws.id, platform: "INSTAGRAM", now: NOW });
    expect(berlinTimes).toMatchObject({
      timezone: "Europe/Berlin",
      platform: "INSTAGRAM",
      windowDays: 90,
      fallback: false,
    });
    expect(berlinTimes.basedOnPosts).toBeGreaterThan(300);
    expect(berlinTimes.grid).toHaveLength(168);
    expect(berlinTimes.slots).toHaveLength(20);
    expect(new Set(berlinTimes.slots.slice(0, 4).map(slotKey))).toEqual(new Set(["2@18", "2@19", "4@18", "4@19"]));
    expect(berlinTimes.slots[0]?.score).toBe(100);
    const scores = berlinTimes.slots.map((s) => s.score);
    expect(scores).toEqual([...scores].sort((a, b) => b - a));
    // The seeded viral posts (Monday 10:00) are winsorized: that cell does not make the top four.
    const monday10 = berlinTimes.grid.find((c) => c.dayOfWeek === 1 && c.hour === 10);
    expect(monday10?.sampleSize).toBeGreaterThan(0);
    expect(berlinTimes.slots.slice(0, 4).map(slotKey)).not.toContain("1@10");
    // …and the seeded 2.2× evenings stand out: a typical cell with data scores well below them (the 5th/95th
    // percentile clamp used before put it at ~92, a heatmap too flat to act on).
    const withData = berlinTimes.grid.filter((c) => c.sampleSize > 0).map((c) => c.score);
    const typical = [...withData].sort((a, b) => a - b)[Math.floor(withData.length / 2)] ?? 100;
    expect(typical).toBeLessThan(85);

    // Berlin is 6 h ahead of New York except in the weeks when only one of them is on summer time.
    const ny = await getOptimalTimes({
      db,
      mongo,
      workspaceId: ws.id,
      platform: "INSTAGRAM",
      timezone: "America/New_York",
      now: NOW,
    });
    expect(new Set(ny.slots.slice(0, 4).map(slotKey))).toEqual(new Set(["2@12", "2@13", "4@12", "4@13"]));
    expect(ny.basedOnPosts).toBe(berlinTimes.basedOnPosts);

    // The route answers the same question (now = the real clock, so only the shape and the pattern are checked).
    const res = await callRoute(optimalTimesRoute.GET, {
      path: "/api/scheduling/optimal-times?platform=LINKEDIN&days=120",
      token,
    });
    expect(res.status).toBe(200);
    expect(res.json).toMatchObject({ timezone: "Europe/Berlin", platform: "LINKEDIN", windowDays: 120 });
  });

  it("suggests concrete Berlin evenings on the seeded pattern, spread over the best slots", async () => {
    const { workspace: ws } = await workspace();
    await seedEngagementHistory({ db, mongo, workspaceId: ws.id, timezone: "Europe/Berlin" });
    const from = new Date();
    const times = await suggestTimes({
      db,
      mongo,
      workspaceId: ws.id,
      platform: "INSTAGRAM",
      timezone: "Europe/Berlin",
      count: 4,
      from,
      minGapMinutes: 90,
    });
    expect(times).toHaveLength(4);
    for (const t of times) {
      expect(t.at.getTime()).toBeGreaterThan(from.getTime());
      expect(t.fallback).toBe(false);
      expect(weekdayHourInZone(t.at, "Europe/Berlin")).toEqual({ dayOfWeek: t.dayOfWeek, hour: t.hour });
    }
    // Spread: four different slots, not four weeks of the single best one.
    expect(new Set(times.map(slotKey)).size).toBe(4);
  });
});

describe("estimates on hand-made data", () => {
  it("pulls a sparse slot toward the mean with low confidence, and a single outlier does not win", async () => {
    const { workspace: ws } = await workspace();
    const ch = await createTestChannel(db, { workspaceId: ws.id, platform: "INSTAGRAM" });
    const docs: MetricSnapshotDoc[] = [];
    const make = async (daysAgo: number, hour: number, rate: number) => {
      const p = await createPublishedPost(db, {
        workspaceId: ws.id,
        channelId: ch.id,
        platform: "INSTAGRAM",
        publishedAt: berlin(daysAgo, hour),
      });
      docs.push(snapshotDoc(ws.id, p, { rate }));
      // A later snapshot past the horizon (much higher) must be ignored, an earlier one superseded.
      docs.push(snapshotDoc(ws.id, p, { rate: rate * 3, ageHours: 24 * 7 }));
      docs.push(snapshotDoc(ws.id, p, { rate: rate / 2, ageHours: 24 }));
    };
    // NOW (2026-11-20) is a Friday. Baseline: mornings at 3 %; a strong slot: Wednesday 12:00 (daysAgo 9 + 7k;
    // daysAgo 2 would be younger than the 72 h horizon and is not measured yet) at 4.5 %, eight posts.
    for (let week = 0; week < 8; week++) {
      for (const d of [3, 4, 5, 6]) await make(d + 7 * week, 9, 0.03);
      await make(9 + 7 * week, 12, 0.045);
    }
    await make(2, 12, 0.9); // too young: not counted
    // Sparse: one Saturday 03:00 post at 6 % (daysAgo 6 is a Saturday).
    await make(6, 3, 0.06);
    // Outlier: one Sunday 15:00 post at 50 % among three ordinary ones (daysAgo 5 + 7k are Sundays).
    await make(5, 15, 0.5);
    for (const w of [1, 2, 3]) await make(5 + 7 * w, 15, 0.03);
    await upsertSnapshots(mongo, docs);

    const result = await getOptimalTimes({ db, mongo, workspaceId: ws.id, platform: "INSTAGRAM", now: NOW });
    expect(result.fallback).toBe(false);
    expect(result.basedOnPosts).toBe(8 * 5 + 1 + 4);
    expect(slotKey(result.slots[0] ?? { dayOfWeek: -1, hour: -1 })).toBe("3@12");
    const cell = (d: number, h: number) => result.grid.find((c) => c.dayOfWeek === d && c.hour === h);
    const sparse = cell(6, 3);
    expect(sparse).toMatchObject({ sampleSize: 1, confidence: 0.167 });
    const strong = cell(3, 12);
    expect(strong).toMatchObject({ sampleSize: 8, confidence: 0.615 });
    const empty = cell(0, 4);
    expect(empty).toMatchObject({ sampleSize: 0, confidence: 0 });
    // Shrunk: above the overall mean (an empty cell's estimate) yet well below its own 6 %.
    expect(sparse?.avgEngagement ?? 0).toBeGreaterThan(empty?.avgEngagement ?? 1);
    expect(sparse?.avgEngagement ?? 1).toBeLessThan(0.04);
    expect(sparse?.score ?? 100).toBeLessThan(strong?.score ?? 0);
    // The 50 % post is clamped to the 95th percentile: its cell stays below the strong slot.
    expect(cell(0, 15)?.score ?? 100).toBeLessThan(strong?.score ?? 0);
  });

  it("groups each post by the wall clock at its own instant across a DST change", async () => {
    const { workspace: ws } = await workspace();
    const ch = await createTestChannel(db, { workspaceId: ws.id, platform: "LINKEDIN" });
    const docs: MetricSnapshotDoc[] = [];
    // 2026-10-25: Berlin falls back. 18:30 local is 16:30Z before and 17:30Z after; both are "18:00" locally.
    for (const publishedAt of [
      new Date("2026-10-13T16:30:00Z"),
      new Date("2026-10-20T16:30:00Z"),
      new Date("2026-10-27T17:30:00Z"),
      new Date("2026-11-03T17:30:00Z"),
    ]) {
      const p = await createPublishedPost(db, {
        workspaceId: ws.id,
        channelId: ch.id,
        platform: "LINKEDIN",
        publishedAt,
      });
      docs.push(snapshotDoc(ws.id, p, { rate: 0.08 }));
    }
    for (let i = 0; i < 12; i++) {
      const publishedAt = new Date(Date.UTC(2026, 9, 10 + i * 2, 8, 0));
      const p = await createPublishedPost(db, {
        workspaceId: ws.id,
        channelId: ch.id,
        platform: "LINKEDIN",
        publishedAt,
      });
      docs.push(snapshotDoc(ws.id, p, { rate: 0.02 }));
    }
    await upsertSnapshots(mongo, docs);
    const result = await getOptimalTimes({ db, mongo, workspaceId: ws.id, platform: "LINKEDIN", now: NOW });
    expect(result.slots[0]).toMatchObject({ dayOfWeek: 2, hour: 18, sampleSize: 4 });
    expect(result.grid.find((c) => c.dayOfWeek === 2 && c.hour === 17)?.sampleSize).toBe(0);
  });
});

describe("no data, other workspaces, bad queries", () => {
  it("falls back to the documented defaults, and never counts another workspace's metrics", async () => {
    const other = await workspace();
    await seedEngagementHistory({ db, mongo, workspaceId: other.workspace.id, timezone: "Europe/Berlin", now: NOW });
    const { workspace: ws, token } = await workspace("America/New_York");

    const result = await getOptimalTimes({ db, mongo, workspaceId: ws.id, platform: "INSTAGRAM", now: NOW });
    expect(result).toMatchObject({ timezone: "America/New_York", basedOnPosts: 0, fallback: true });
    expect(result.slots.map((s) => [s.dayOfWeek, s.hour])).toEqual(DEFAULT_SLOTS.INSTAGRAM.map(([d, h]) => [d, h]));
    for (const s of result.slots) expect(s).toMatchObject({ confidence: 0, sampleSize: 0, avgEngagement: null });
    expect(result.grid).toHaveLength(168);

    const res = await callRoute(optimalTimesRoute.GET, {
      path: "/api/scheduling/optimal-times?platform=INSTAGRAM",
      token,
    });
    expect(res.status).toBe(200);
    expect(res.json).toMatchObject({ timezone: "America/New_York", fallback: true, basedOnPosts: 0, windowDays: 90 });

    const times = await suggestTimes({
      workspaceId: ws.id,
      db,
      mongo,
      platform: "INSTAGRAM",
      timezone: "America/New_York",
      count: 3,
      from: NOW,
      minGapMinutes: 60,
    });
    expect(times.map((t) => t.fallback)).toEqual([true, true, true]);
  });

  it("answers 400 for an unknown platform, time zone or window", async () => {
    const { token } = await workspace();
    for (const [query, field] of [
      ["platform=MYSPACE", "platform"],
      ["platform=INSTAGRAM&timezone=Mars/Olympus", "timezone"],
      ["platform=INSTAGRAM&timezone=%2B02:00", "timezone"],
      ["platform=INSTAGRAM&days=366", "days"],
      ["timezone=UTC", "platform"],
    ] as const) {
      const res = await callRoute(optimalTimesRoute.GET, { path: `/api/scheduling/optimal-times?${query}`, token });
      expect(res.status, query).toBe(400);
      expect(res.json.error.code).toBe("invalid_request");
      expect(res.json.error.details.map((d: { path: string }) => d.path)).toContain(field);
    }
  });

  it("answers 503 naming the metrics store when MongoDB is down (optimal times and metrics ingest)", async () => {
    const { workspace: ws, token } = await workspace();
    const channel = await createTestChannel(db, { workspaceId: ws.id, platform: "INSTAGRAM" });
    const publishedAt = new Date(Date.now() - 3 * 86_400_000);
    const p = await createPublishedPost(db, {
      workspaceId: ws.id,
      channelId: channel.id,
      platform: "INSTAGRAM",
      publishedAt,
    });
    const app = globalThis as unknown as { cadenceMongo?: MongoClient };
    const live = app.cadenceMongo;
    app.cadenceMongo = createMongoClient("mongodb://127.0.0.1:1/cadence");
    try {
      const times = await callRoute(optimalTimesRoute.GET, {
        path: "/api/scheduling/optimal-times?platform=INSTAGRAM",
        token,
      });
      expect(times.status).toBe(503);
      expect(times.json.error).toMatchObject({ code: "unavailable", message: expect.stringMatching(/metrics store/) });
      const ingest = await callRoute(metricsRoute.POST, {
        method: "POST",
        path: "/api/metrics",
        token,
        body: {
          snapshots: [
            {
              publicationId: p.publicationId,
              channelId: channel.id,
              collectedAt: new Date(publishedAt.getTime() + 72 * 3_600_000).toISOString(),
              reach: 1000,
              likes: 40,
            },
          ],
        },
      });
      expect(ingest.status).toBe(503);
      expect(ingest.json.error.message).toMatch(/metrics store/);
    } finally {
      await app.cadenceMongo?.close();
      app.cadenceMongo = live;
    }
  });
});
