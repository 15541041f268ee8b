import type { OptimalSlot } from "@/lib/schemas/optimal-times";
import { weekdayHourReader } from "@/lib/time/weekday-hour";

/** One published post on one channel, measured at the horizon age. */
export type MeasuredPost = { publishedAt: Date; rate: number };

/** Prior weight of the overall mean: a cell with k posts sits halfway between its own mean and the overall one. */
export const SHRINKAGE_K = 5;
/**
 * Winsorizing: the WINSOR_SHARE most extreme posts at each end, and at least WINSOR_MIN of them, are clamped to the
 * next value inward. Not the 5th/95th percentiles: a real effect lives in more than 5 % of posts (Tuesday and
 * Thursday 18-20 h are ~8 % of the demo's), and clamping at the 95th percentile flattened a 2.2× slot to within
 * 9 % of an ordinary one. A viral post is one of a handful; the 1 % (≥ 2) rule clamps it and leaves an effect
 * shared by many posts alone.
 */
export const WINSOR_SHARE = 0.01;
export const WINSOR_MIN = 2;
export const TOP_SLOTS = 20;

/** Linear-interpolated quantile of sorted values. */
export function quantile(sorted: ReadonlyArray<number>, q: number): number {
  if (sorted.length === 0) return Number.NaN;
  const pos = (sorted.length - 1) * q;
  const lo = Math.floor(pos);
  const hi = Math.ceil(pos);
  const a = sorted[lo] ?? 0;
  const b = sorted[hi] ?? a;
  return a + (b - a) * (pos - lo);
}

/** How many values at each end winsorize() clamps: max(min, ⌈share·n⌉), leaving at least the middle value. */
export function winsorCount(n: number, share = WINSOR_SHARE, min = WINSOR_MIN): number {
  return Math.max(0, Math.min(Math.max(min, Math.ceil(share * n)), Math.floor((n - 1) / 2)));
}

/** Values with the winsorCount() most extreme at each end clamped to the next one inward; order kept. */
export function winsorize(values: ReadonlyArray<number>, share = WINSOR_SHARE, min = WINSOR_MIN): number[] {
  const sorted = [...values].sort((a, b) => a - b);
  const k = winsorCount(values.length, share, min);
  const lo = sorted[k] ?? Number.NEGATIVE_INFINITY;
  const hi = sorted[sorted.length - 1 - k] ?? Number.POSITIVE_INFINITY;
  return values.map((v) => Math.min(hi, Math.max(lo, v)));
}

/** (n·mean + k·prior) / (n + k): a cell's mean pulled toward the overall mean, less so the more posts it has. */
export function shrink(n: number, mean: number, prior: number, k = SHRINKAGE_K): number {
  return n + k === 0 ? prior : (n * (n > 0 ? mean : 0) + k * prior) / (n + k);
}

const round = (v: number, digits: number) => Number(v.toFixed(digits));

/**
 * The 168-cell grid (Sunday 00:00 first) and the top cells for posts measured at their horizon age.
 * Each post falls in the cell of the wall clock in `timeZone` at its own publish instant (DST-correct).
 * Rates are winsorized over all posts, each cell's mean is shrunk toward the overall mean with SHRINKAGE_K,
 * confidence = n / (n + k), score = 100 × cell estimate / best cell estimate. Top slots: cells with at least one
 * post, by score, then sample size.
 */
export function scoreSlots(posts: ReadonlyArray<MeasuredPost>, timeZone: string) {
  const rates = winsorize(posts.map((p) => p.rate));
  const global = rates.length ? rates.reduce((s, r) => s + r, 0) / rates.length : 0;
  const sums = new Array<number>(168).fill(0);
  const counts = new Array<number>(168).fill(0);
  const weekdayHour = weekdayHourReader(timeZone);
  posts.forEach((post, i) => {
    const { dayOfWeek, hour } = weekdayHour(post.publishedAt);
    const cell = dayOfWeek * 24 + hour;
    sums[cell] = (sums[cell] ?? 0) + (rates[i] ?? 0);
    counts[cell] = (counts[cell] ?? 0) + 1;
  });
  const estimates = counts.map((n, cell) => shrink(n, n ? (sums[cell] ?? 0) / n : 0, global));
  const best = Math.max(...estimates);
  const grid: OptimalSlot[] = estimates.map((estimate, cell) => {
    const n = counts[cell] ?? 0;
    return {
      dayOfWeek: Math.floor(cell / 24),
      hour: cell % 24,
      score: best > 0 ? round((100 * estimate) / best, 1) : 0,
      avgEngagement: round(estimate, 6),
      sampleSize: n,
      confidence: round(n / (n + SHRINKAGE_K), 3),
    };
  });
  const slots = grid
    .filter((c) => c.sampleSize > 0)
    .sort((a, b) => b.score - a.score || b.sampleSize - a.sampleSize)
    .slice(0, TOP_SLOTS);
  return { grid, slots, overallMean: global };
}
