import type { Db as MongoDb } from "mongodb";
import type { Platform } from "@/lib/generated/prisma/enums";
import { metricSnapshots } from "@/lib/metrics/metric-snapshots";
import type { MeasuredPost } from "@/lib/scheduling/score-slots";

const HOUR_MS = 3_600_000;
/** Engagement is read at this age for every post: the latest snapshot taken no later than 72 h after publishing. */
export const MEASUREMENT_HORIZON_MS = 72 * HOUR_MS;
/** …and no earlier than 24 h after, so a post caught only at 1 h does not compete with posts read at 72 h. */
export const MIN_MEASURED_AGE_MS = 24 * HOUR_MS;

/** likes + comments + shares + saves + clicks over reach, or over followers where reach is unknown; else null. */
export function engagementRate(s: {
  likes: number;
  comments: number;
  shares: number;
  saves: number;
  clicks: number;
  reach: number | null;
  followers: number | null;
}): number | null {
  const engagement = s.likes + s.comments + s.shares + s.saves + s.clicks;
  if (s.reach !== null && s.reach > 0) return engagement / s.reach;
  if (s.followers !== null && s.followers > 0) return engagement / s.followers;
  return null;
}

/** The calculator's MongoDB query (exported so the benchmark can time the bare query on the same filter). */
export function measuredSnapshotFilter(input: { workspaceId: string; platform: Platform; since: Date; until: Date }) {
  return {
    workspaceId: input.workspaceId,
    platform: input.platform,
    publishedAt: { $gte: input.since, $lte: input.until },
    ageMs: { $gte: MIN_MEASURED_AGE_MS, $lte: MEASUREMENT_HORIZON_MS },
  };
}

export const MEASURED_SNAPSHOT_PROJECTION = {
  _id: 0,
  publicationId: 1,
  channelId: 1,
  publishedAt: 1,
  ageMs: 1,
  reach: 1,
  followers: 1,
  likes: 1,
  comments: 1,
  shares: 1,
  saves: 1,
  clicks: 1,
} as const;

/**
 * Posts (one per publication and channel) of `platform` in the workspace published in [now − days, now − horizon]
 * — younger ones have not reached the horizon age yet — each with its engagement rate from its latest snapshot in
 * the [24 h, 72 h] age band. Posts without such a snapshot, or with neither reach nor followers, are left out.
 */
export async function loadMeasuredPosts(input: {
  mongo: MongoDb;
  workspaceId: string;
  platform: Platform;
  days: number;
  now: Date;
}): Promise<MeasuredPost[]> {
  const since = new Date(input.now.getTime() - input.days * 24 * HOUR_MS);
  const until = new Date(input.now.getTime() - MEASUREMENT_HORIZON_MS);
  if (until < since) return [];
  const filter = measuredSnapshotFilter({ ...input, since, until });
  const cursor = metricSnapshots(input.mongo)
    .find(filter, { projection: MEASURED_SNAPSHOT_PROJECTION })
    .batchSize(10_000);
  const latest = new Map<string, { ageMs: number; publishedAt: Date; rate: number | null }>();
  for await (const s of cursor) {
    const key = `${s.publicationId}/${s.channelId}`;
    const seen = latest.get(key);
    if (seen && seen.ageMs >= s.ageMs) continue;
    latest.set(key, { ageMs: s.ageMs, publishedAt: s.publishedAt, rate: engagementRate(s) });
  }
  const posts: MeasuredPost[] = [];
  for (const { publishedAt, rate } of latest.values()) if (rate !== null) posts.push({ publishedAt, rate });
  return posts;
}
