import type { Db as MongoDb } from "mongodb";
import type { Platform } from "@/lib/generated/prisma/enums";
import { loadRolledUpPosts, MEASUREMENT_HORIZON_MS } from "@/lib/metrics/engagement-rollup";
import type { MeasuredPost } from "@/lib/optimal-times/score-slots";

const DAY_MS = 86_400_000;

/** The calculator's window: published in [now − days, now − horizon]; younger posts have not reached the horizon. */
export function measuredWindow(days: number, now: Date): { since: Date; until: Date } {
  return { since: new Date(now.getTime() - days * DAY_MS), until: new Date(now.getTime() - MEASUREMENT_HORIZON_MS) };
}

/**
 * Posts (one per publication and channel) of `platform` in the workspace published in the window, each with its
 * engagement rate from its latest snapshot in the [24 h, 72 h] age band (kept by the rollup, see
 * engagement-rollup.ts). Posts without such a snapshot, or with neither reach nor followers, are left out.
 */
export async function loadMeasuredPosts(input: {
  mongo: MongoDb;
  workspaceId: string;
  platform: Platform;
  days: number;
  now: Date;
}): Promise<MeasuredPost[]> {
  const { since, until } = measuredWindow(input.days, input.now);
  if (until < since) return [];
  const posts = await loadRolledUpPosts({ ...input, since, until });
  const measured: MeasuredPost[] = [];
  for (const { publishedAt, rate } of posts) if (rate !== null) measured.push({ publishedAt, rate });
  return measured;
}
