import type { OptimalSlot } from "@/lib/schemas/optimal-times";

export type EngagementBar = { key: number; label: string; engagement: number | null; posts: number };

/**
 * Engagement by hour (24 bars) or by weekday (7 bars, Monday first) from the 168-cell grid: each bar is the
 * mean of its cells' engagement estimates weighted by their sample sizes, so cells with no posts (which only
 * carry the overall mean) add nothing. A bar with no posts has engagement null, not zero.
 */
export function engagementBy(grid: readonly OptimalSlot[], by: "hour" | "weekday"): EngagementBar[] {
  const keys = by === "hour" ? Array.from({ length: 24 }, (_, h) => h) : [1, 2, 3, 4, 5, 6, 0];
  return keys.map((key) => {
    let weighted = 0;
    let posts = 0;
    for (const cell of grid) {
      if ((by === "hour" ? cell.hour : cell.dayOfWeek) !== key) continue;
      if (cell.avgEngagement === null || cell.sampleSize === 0) continue;
      weighted += cell.avgEngagement * cell.sampleSize;
      posts += cell.sampleSize;
    }
    const label = by === "hour" ? String(key).padStart(2, "0") : (WEEKDAYS[key] ?? "");
    return { key, label, engagement: posts > 0 ? weighted / posts : null, posts };
  });
}

const WEEKDAYS = ["Sun", "Mon", "Tue", "Wed", "Thu", "Fri", "Sat"];

/** The bar with the highest engagement, or null when no bar has posts. */
export function bestBar(bars: readonly EngagementBar[]): EngagementBar | null {
  let best: EngagementBar | null = null;
  for (const bar of bars)
    if (bar.engagement !== null && (best === null || bar.engagement > (best.engagement ?? -1))) best = bar;
  return best;
}
