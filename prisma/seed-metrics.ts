import { randomUUID } from "node:crypto";
import type { Db as MongoDb } from "mongodb";
import type { Db } from "@/lib/db/prisma";
import type { Platform } from "@/lib/generated/prisma/enums";
import { upsertSnapshots } from "@/lib/metrics/ingest-snapshots";
import { type MetricSnapshotDoc, snapshotId } from "@/lib/metrics/metric-snapshots";
import { wallTimeToInstant } from "@/lib/time/wall-time-to-instant";
import { wallClockMs } from "@/lib/time/zone-offset";

// Demo engagement history with a known pattern, so the optimal-time heatmap shows something true:
// - Instagram: 4 posts a day for 120 days, covering hours 08-21 local evenly; Tuesday and Thursday 18:00-20:00 (hours 18 and
//   19) earn ~2.2× the engagement rate of other slots; ±25 % noise; followers grow 5,000 → 12,000 (reach with
//   them, so raw counts favour recent posts but rates do not); a few viral outliers (10×) on Monday 10:00.
// - LinkedIn: ~1 post per weekday, weekday 08:00-09:00 ~1.8× best.
// Channels are inactive and named "(imported history)": they hold history and never publish.
// Snapshots per post at 1 h, 24 h, 72 h and 7 days of age (the calculator reads the 72 h one).

const DAY_MS = 86_400_000;
const HOUR_MS = 3_600_000;
const AGES_H: ReadonlyArray<[hours: number, share: number]> = [
  [1, 0.35],
  [24, 0.8],
  [72, 1],
  [168, 1.12],
];

/** Deterministic PRNG (mulberry32) so every seed run tells the same story. */
function prng(seed: number) {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4_294_967_296;
  };
}

type Plan = {
  platform: Platform;
  displayName: string;
  postsPerDay: number;
  hours: number[];
  weekdaysOnly: boolean;
  baseRate: number;
  /** Multiplier of the engagement rate for a local (dayOfWeek, hour). */
  boost: (dayOfWeek: number, hour: number) => number;
};

const PLANS: Plan[] = [
  {
    platform: "INSTAGRAM",
    displayName: "Instagram (imported history)",
    postsPerDay: 4,
    hours: [8, 9, 10, 11, 12, 13, 14, 15, 16, 17, 18, 19, 20, 21],
    weekdaysOnly: false,
    baseRate: 0.032,
    boost: (d, h) => ((d === 2 || d === 4) && (h === 18 || h === 19) ? 2.2 : 1),
  },
  {
    platform: "LINKEDIN",
    displayName: "LinkedIn (imported history)",
    postsPerDay: 1,
    hours: [8, 9, 11, 13, 15, 17],
    weekdaysOnly: true,
    baseRate: 0.018,
    boost: (_d, h) => (h === 8 || h === 9 ? 1.8 : 1),
  },
];

export type SeedEngagementResult = { channelIds: string[]; posts: number; snapshots: number; created: boolean };

/**
 * Seeds 120 days of published posts (with publications, per-channel results and metric snapshots) before `now`
 * into the workspace. Idempotent: if the history channels exist already, nothing is added.
 */
export async function seedEngagementHistory({
  db,
  mongo,
  workspaceId,
  timezone,
  now = new Date(),
  days = 120,
}: {
  db: Db;
  mongo: MongoDb;
  workspaceId: string;
  timezone: string;
  now?: Date;
  days?: number;
}): Promise<SeedEngagementResult> {
  const existing = await db.channel.findMany({
    where: { workspaceId, displayName: { in: PLANS.map((p) => p.displayName) } },
    select: { id: true },
  });
  if (existing.length > 0) return { channelIds: existing.map((c) => c.id), posts: 0, snapshots: 0, created: false };

  const random = prng(20_261_129);
  const todayWall = Math.floor(wallClockMs(now.getTime(), timezone) / DAY_MS) * DAY_MS;
  const channelIds: string[] = [];
  let postCount = 0;
  let snapshotCount = 0;
  for (const plan of PLANS) {
    const channel = await db.channel.create({
      data: { workspaceId, platform: plan.platform, displayName: plan.displayName, active: false },
    });
    channelIds.push(channel.id);
    const posts: { id: string; publishedAt: Date; dayOfWeek: number; hour: number }[] = [];
    for (let day = days; day >= 1; day--) {
      const dayWall = todayWall - day * DAY_MS;
      const dayOfWeek = new Date(dayWall).getUTCDay();
      if (plan.weekdaysOnly && (dayOfWeek === 0 || dayOfWeek === 6)) continue;
      // Each weekday walks through the plan's hours in turn, so every (weekday, hour) cell gets posts evenly.
      const occurrence = Math.floor(day / 7);
      const hours = Array.from(
        { length: plan.postsPerDay },
        (_, j) => plan.hours[(occurrence * plan.postsPerDay + j) % plan.hours.length] ?? 12,
      );
      for (const hour of hours) {
        const resolved = wallTimeToInstant(dayWall + hour * HOUR_MS + Math.floor(random() * 50) * 60_000, timezone);
        if (resolved.kind === "gap") continue;
        posts.push({ id: `seed-${randomUUID()}`, publishedAt: resolved.instant, dayOfWeek, hour });
      }
    }
    const publications = posts.map((p) => ({ ...p, publicationId: `seed-${randomUUID()}` }));
    await db.$transaction([
      db.post.createMany({
        data: publications.map((p, i) => ({
          id: p.id,
          workspaceId,
          content: `${plan.platform === "INSTAGRAM" ? "📸" : "💼"} Imported post #${i + 1}`,
          status: "PUBLISHED" as const,
          scheduledAt: p.publishedAt,
          timezone,
          publishCount: 1,
          lastPublishedAt: p.publishedAt,
          version: 1,
        })),
      }),
      db.postChannel.createMany({ data: publications.map((p) => ({ postId: p.id, channelId: channel.id })) }),
      db.publication.createMany({
        data: publications.map((p) => ({
          id: p.publicationId,
          workspaceId,
          postId: p.id,
          postVersion: 1,
          status: "SUCCEEDED" as const,
          scheduledAt: p.publishedAt,
          startedAt: p.publishedAt,
          finishedAt: p.publishedAt,
        })),
      }),
      db.publicationResult.createMany({
        data: publications.map((p) => ({
          publicationId: p.publicationId,
          channelId: channel.id,
          platform: plan.platform,
          status: "SUCCEEDED" as const,
          idempotencyKey: `${p.publicationId}-${channel.id}`,
          platformPostId: `imported-${p.id}`,
          attempts: 1,
          publishedAt: p.publishedAt,
        })),
      }),
    ]);

    const docs: MetricSnapshotDoc[] = [];
    publications.forEach((p, i) => {
      const progress = 1 - (now.getTime() - p.publishedAt.getTime()) / (days * DAY_MS);
      const followers = Math.round(5_000 + 7_000 * progress);
      const reach = Math.round(followers * (0.25 + 0.15 * random()));
      const viral = plan.platform === "INSTAGRAM" && p.dayOfWeek === 1 && p.hour === 10 && i % 3 === 0;
      const rate = plan.baseRate * plan.boost(p.dayOfWeek, p.hour) * (0.75 + 0.5 * random()) * (viral ? 10 : 1);
      const finalEngagement = reach * rate;
      for (const [hours, share] of AGES_H) {
        const collectedAt = new Date(p.publishedAt.getTime() + hours * HOUR_MS);
        if (collectedAt > now) continue;
        const engagement = finalEngagement * share;
        const ageReach = Math.round(reach * Math.min(1, share + 0.1));
        docs.push({
          _id: snapshotId({ publicationId: p.publicationId, channelId: channel.id, collectedAt }),
          workspaceId,
          postId: p.id,
          publicationId: p.publicationId,
          channelId: channel.id,
          platform: plan.platform,
          publishedAt: p.publishedAt,
          collectedAt,
          ageMs: hours * HOUR_MS,
          impressions: Math.round(ageReach * 1.4),
          reach: ageReach,
          likes: Math.round(engagement * 0.7),
          comments: Math.round(engagement * 0.1),
          shares: Math.round(engagement * 0.08),
          saves: Math.round(engagement * 0.07),
          clicks: Math.round(engagement * 0.05),
          followers,
        });
      }
    });
    // Through the ingest path's store, so the calculator's rollup is filled as for any other snapshot.
    await upsertSnapshots(mongo, docs);
    postCount += posts.length;
    snapshotCount += docs.length;
  }
  return { channelIds, posts: postCount, snapshots: snapshotCount, created: true };
}
