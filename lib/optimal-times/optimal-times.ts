import type { Db as MongoDb } from "mongodb";
import { ApiError } from "@/lib/api/errors";
import { getMetricsDb } from "@/lib/db/mongo";
import { type Db, getPrisma } from "@/lib/db/prisma";
import type { Platform } from "@/lib/generated/prisma/enums";
import { loadMeasuredPosts } from "@/lib/metrics/load-measured-posts";
import { DEFAULT_SLOTS } from "@/lib/optimal-times/default-slots";
import { scoreSlots } from "@/lib/optimal-times/score-slots";
import { DEFAULT_WINDOW_DAYS, type OptimalSlot, type OptimalTimesResponse } from "@/lib/schemas/optimal-times";

/** Below this many measured posts the workspace's own grid is noise: answer with the platform defaults. */
export const MIN_POSTS_FOR_ESTIMATE = 10;

/** The documented defaults as a response: best first, scores descending, no engagement figure, confidence 0. */
function fallbackSlots(platform: Platform): { slots: OptimalSlot[]; grid: OptimalSlot[] } {
  const defaults = DEFAULT_SLOTS[platform];
  const scoreOf = (rank: number) => Math.round(100 - (rank * 50) / Math.max(1, defaults.length));
  const grid: OptimalSlot[] = Array.from({ length: 168 }, (_, cell) => {
    const [dayOfWeek, hour] = [Math.floor(cell / 24), cell % 24];
    const rank = defaults.findIndex(([d, h]) => d === dayOfWeek && h === hour);
    const score = rank < 0 ? 0 : scoreOf(rank);
    return { dayOfWeek, hour, score, avgEngagement: null, sampleSize: 0, confidence: 0 };
  });
  const slots = defaults.map(([dayOfWeek, hour], rank) => ({
    dayOfWeek,
    hour,
    score: scoreOf(rank),
    avgEngagement: null,
    sampleSize: 0,
    confidence: 0,
  }));
  return { slots, grid };
}

/**
 * When to post on `platform`, from the workspace's own engagement history (see score-slots.ts and
 * load-measured-posts.ts for the method; README "Optimal posting times"). `timezone` defaults to the workspace's.
 */
export async function getOptimalTimes(input: {
  db?: Db;
  mongo?: MongoDb;
  workspaceId: string;
  platform: Platform;
  timezone?: string;
  days?: number;
  now?: Date;
}): Promise<OptimalTimesResponse> {
  const db = input.db ?? getPrisma();
  const mongo = input.mongo ?? getMetricsDb();
  const days = input.days ?? DEFAULT_WINDOW_DAYS;
  let timezone = input.timezone;
  if (!timezone) {
    const workspace = await db.workspace.findUnique({ where: { id: input.workspaceId }, select: { timezone: true } });
    if (!workspace) throw new ApiError("not_found", "Workspace not found");
    timezone = workspace.timezone;
  }
  const posts = await loadMeasuredPosts({
    mongo,
    workspaceId: input.workspaceId,
    platform: input.platform,
    days,
    now: input.now ?? new Date(),
  });
  const base = { timezone, platform: input.platform, windowDays: days };
  if (posts.length < MIN_POSTS_FOR_ESTIMATE) {
    // The defaults are based on none of the workspace's posts, however few it has.
    return { ...base, basedOnPosts: 0, ...fallbackSlots(input.platform), fallback: true };
  }
  const { slots, grid } = scoreSlots(posts, timezone);
  return { ...base, basedOnPosts: posts.length, slots, grid, fallback: false };
}
