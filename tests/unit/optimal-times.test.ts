import { describe, expect, it } from "vitest";
import { engagementRate } from "@/lib/metrics/engagement-rollup";
import { quantile, SHRINKAGE_K, scoreSlots, shrink, winsorCount, winsorize } from "@/lib/optimal-times/score-slots";
import { nextWeekdayHour, weekdayHourInZone } from "@/lib/time/weekday-hour";

/** Deterministic pseudo-random numbers for property-style cases. */
function lcg(seed: number) {
  let s = seed;
  return () => {
    s = (s * 1_103_515_245 + 12_345) % 2_147_483_648;
    return s / 2_147_483_648;
  };
}

describe("winsorize", () => {
  it("clamps the 1 % most extreme values at each end (at least 2) to the next one inward, keeping order and length", () => {
    const values = Array.from({ length: 100 }, (_, i) => i + 1);
    values[99] = 10_000;
    const w = winsorize(values);
    expect(w).toHaveLength(100);
    expect(winsorCount(100)).toBe(2);
    expect(Math.max(...w)).toBe(98); // 10,000 and 99 clamped to the third highest
    expect(Math.min(...w)).toBe(3);
    expect(w[50]).toBe(51);
    expect(winsorCount(1_000)).toBe(10);
    expect(winsorCount(3)).toBe(1); // never past the middle value
    expect(winsorize([0.05])).toEqual([0.05]);
  });

  it("clamps a viral post but leaves an effect shared by 6 % of posts (where 5th/95th percentiles flattened it)", () => {
    const rnd = lcg(11);
    const ordinary = Array.from({ length: 94 }, () => 0.03 * (0.75 + 0.5 * rnd()));
    const strong = Array.from({ length: 6 }, () => 0.066 * (0.75 + 0.5 * rnd()));
    const values = [...ordinary, ...strong, 0.5];
    const w = winsorize(values);
    const mean = (xs: number[]) => xs.reduce((a, b) => a + b, 0) / xs.length;
    expect(w[100]).toBeLessThanOrEqual(Math.max(...strong)); // the 0.5 outlier is clamped
    expect(mean(w.slice(94, 100))).toBeGreaterThan(0.97 * mean(strong)); // the strong posts keep their level
    const percentile95 = quantile(
      [...values].sort((a, b) => a - b),
      0.95,
    );
    const old = values.map((v) => Math.min(percentile95, v));
    expect(mean(old.slice(94, 100))).toBeLessThan(0.9 * mean(strong)); // what the old rule did to them
  });

  it("never widens the range and is monotone (property)", () => {
    const rnd = lcg(7);
    for (let run = 0; run < 50; run++) {
      const values = Array.from({ length: 1 + Math.floor(rnd() * 60) }, () => rnd() * (rnd() < 0.1 ? 100 : 1));
      const w = winsorize(values);
      expect(Math.max(...w)).toBeLessThanOrEqual(Math.max(...values));
      expect(Math.min(...w)).toBeGreaterThanOrEqual(Math.min(...values));
      for (let i = 1; i < values.length; i++) {
        const [a, b] = [values[i - 1] ?? 0, values[i] ?? 0];
        if (a <= b) expect(w[i - 1] ?? 0).toBeLessThanOrEqual(w[i] ?? 0);
      }
    }
  });
});

describe("shrink", () => {
  it("is the prior with no data, halfway at n = k, and approaches the mean as n grows", () => {
    expect(shrink(0, 0, 0.03)).toBe(0.03);
    expect(shrink(SHRINKAGE_K, 0.05, 0.03)).toBeCloseTo(0.04);
    expect(shrink(1000, 0.05, 0.03)).toBeCloseTo(0.05, 3);
    // Always between the cell mean and the prior, and closer to the mean with more posts.
    const rnd = lcg(3);
    for (let run = 0; run < 100; run++) {
      const [mean, prior, n] = [rnd(), rnd(), 1 + Math.floor(rnd() * 50)];
      const s = shrink(n, mean, prior);
      expect(s).toBeGreaterThanOrEqual(Math.min(mean, prior) - 1e-12);
      expect(s).toBeLessThanOrEqual(Math.max(mean, prior) + 1e-12);
      expect(Math.abs(shrink(n + 1, mean, prior) - mean)).toBeLessThanOrEqual(Math.abs(s - mean) + 1e-12);
    }
  });
});

describe("engagementRate", () => {
  const counts = { likes: 30, comments: 5, shares: 3, saves: 2, clicks: 10 };
  it("is engagement over reach, else over followers, else unknown", () => {
    expect(engagementRate({ ...counts, reach: 1000, followers: 5000 })).toBe(0.05);
    expect(engagementRate({ ...counts, reach: null, followers: 5000 })).toBe(0.01);
    expect(engagementRate({ ...counts, reach: 0, followers: 0 })).toBeNull();
  });
});

describe("scoreSlots", () => {
  it("groups by the wall clock in the zone at each post's own instant (DST-correct)", () => {
    // 18:30 Berlin on Tuesdays either side of the 2026-10-25 fall-back: 16:30Z in summer, 17:30Z in winter.
    const posts = [
      { publishedAt: new Date("2026-10-20T16:30:00Z"), rate: 0.1 },
      { publishedAt: new Date("2026-10-27T17:30:00Z"), rate: 0.1 },
    ];
    const { grid } = scoreSlots(posts, "Europe/Berlin");
    expect(grid[2 * 24 + 18]?.sampleSize).toBe(2);
    const utc = scoreSlots(posts, "UTC").grid;
    expect([utc[2 * 24 + 16]?.sampleSize, utc[2 * 24 + 17]?.sampleSize]).toEqual([1, 1]);
  });

  it("scores 0-100 relative to the best cell, lists only cells with data, best first, with 168 grid cells", () => {
    const rnd = lcg(11);
    const posts = Array.from({ length: 300 }, () => ({
      publishedAt: new Date(Date.UTC(2026, 0, 1) + Math.floor(rnd() * 60 * 24) * 3_600_000),
      rate: 0.02 + rnd() * 0.02,
    }));
    const { grid, slots } = scoreSlots(posts, "Asia/Kolkata");
    expect(grid).toHaveLength(168);
    expect(grid.map((c) => c.dayOfWeek * 24 + c.hour)).toEqual(Array.from({ length: 168 }, (_, i) => i));
    expect(Math.max(...grid.map((c) => c.score))).toBe(100);
    for (const c of grid) {
      expect(c.score).toBeGreaterThanOrEqual(0);
      expect(c.score).toBeLessThanOrEqual(100);
      expect(c.confidence).toBeCloseTo(c.sampleSize / (c.sampleSize + SHRINKAGE_K), 3);
    }
    expect(slots.length).toBeLessThanOrEqual(20);
    expect(slots.every((s) => s.sampleSize > 0)).toBe(true);
    expect(slots.map((s) => s.score)).toEqual([...slots.map((s) => s.score)].sort((a, b) => b - a));
    expect(grid.reduce((n, c) => n + c.sampleSize, 0)).toBe(300);
  });

  it("does not let one viral post carry its cell over a consistently good one", () => {
    const at = (day: number, hour: number) => new Date(Date.UTC(2026, 1, day, hour, 15));
    const posts = [];
    // 2026-02-02 is a Monday. Consistent Wednesday 18:00 at 6 %; baseline elsewhere at 3 %.
    for (let w = 0; w < 6; w++) {
      posts.push({ publishedAt: at(4 + 7 * w, 18), rate: 0.06 });
      for (const d of [2, 3, 5, 6]) posts.push({ publishedAt: at(d + 7 * w, 9), rate: 0.03 });
    }
    posts.push({ publishedAt: at(7, 12), rate: 2.5 }); // Saturday noon, viral once
    const { slots } = scoreSlots(posts, "UTC");
    expect(slots[0]).toMatchObject({ dayOfWeek: 3, hour: 18 });
  });
});

describe("lib/time weekday helpers", () => {
  it("reads day of week and hour in the zone", () => {
    expect(weekdayHourInZone(new Date("2026-03-29T00:30:00Z"), "Europe/Berlin")).toEqual({ dayOfWeek: 0, hour: 1 });
    expect(weekdayHourInZone(new Date("2026-03-29T01:30:00Z"), "Europe/Berlin")).toEqual({ dayOfWeek: 0, hour: 3 });
    expect(weekdayHourInZone(new Date("2026-01-01T02:00:00Z"), "America/New_York")).toEqual({ dayOfWeek: 3, hour: 21 });
  });

  it("finds the next occurrence strictly after, skipping a day on which the hour does not exist", () => {
    const tue = nextWeekdayHour(new Date("2026-12-01T17:00:00Z"), 2, 18, "Europe/Berlin");
    expect(tue?.toISOString()).toBe("2026-12-08T17:00:00.000Z"); // 18:00 that Tuesday is exactly `after`
    // Sunday 02:00 does not exist in Berlin on 2026-03-29: the next Sunday's 02:00 (CEST) is taken.
    const gap = nextWeekdayHour(new Date("2026-03-28T12:00:00Z"), 0, 2, "Europe/Berlin");
    expect(gap?.toISOString()).toBe("2026-04-05T00:00:00.000Z");
    // Sunday 02:00 on 2026-10-25 happens twice: the first occurrence (CEST, 00:00Z).
    const overlap = nextWeekdayHour(new Date("2026-10-24T12:00:00Z"), 0, 2, "Europe/Berlin");
    expect(overlap?.toISOString()).toBe("2026-10-25T00:00:00.000Z");
  });
});
