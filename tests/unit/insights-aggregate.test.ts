import { describe, expect, it } from "vitest";
import { hasNoData, isLowConfidence, scoreScale, stepFor } from "@/components/heatmap/heatmap-scale";
import { bestBar, engagementBy } from "@/components/insights/aggregate";
import type { OptimalSlot } from "@/lib/schemas/optimal-times";

const cell = (dayOfWeek: number, hour: number, over: Partial<OptimalSlot> = {}): OptimalSlot => ({
  dayOfWeek,
  hour,
  score: 50,
  avgEngagement: 0.02,
  sampleSize: 0,
  confidence: 0,
  ...over,
});
const grid = (f: (d: number, h: number) => Partial<OptimalSlot>) =>
  Array.from({ length: 168 }, (_, i) => cell(Math.floor(i / 24), i % 24, f(Math.floor(i / 24), i % 24)));

describe("engagementBy", () => {
  it("weights each cell by its sample size and ignores cells without posts (they only carry the prior)", () => {
    const g = grid((d, h) =>
      d === 2 && h === 18
        ? { avgEngagement: 0.06, sampleSize: 3 }
        : d === 4 && h === 18
          ? { avgEngagement: 0.02, sampleSize: 1 }
          : { avgEngagement: 0.5, sampleSize: 0 },
    );
    const byHour = engagementBy(g, "hour");
    expect(byHour).toHaveLength(24);
    expect(byHour[18]).toMatchObject({ posts: 4, engagement: (0.06 * 3 + 0.02) / 4 });
    expect(byHour[17]).toMatchObject({ posts: 0, engagement: null });
    const byDay = engagementBy(g, "weekday");
    expect(byDay.map((b) => b.label)).toEqual(["Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun"]);
    expect(byDay[1]).toMatchObject({ key: 2, engagement: 0.06, posts: 3 });
    expect(bestBar(byDay)?.label).toBe("Tue");
    expect(
      bestBar(
        engagementBy(
          grid(() => ({ sampleSize: 0 })),
          "hour",
        ),
      ),
    ).toBeNull();
  });

  it("treats fallback cells (engagement null) as no data", () => {
    const g = grid(() => ({ avgEngagement: null, sampleSize: 0 }));
    expect(engagementBy(g, "hour").every((b) => b.engagement === null)).toBe(true);
  });
});

describe("scoreScale", () => {
  it("spans the grid's own range in five ordered steps, so 85-100 is not one colour", () => {
    const g = grid((d, h) => ({ sampleSize: 3, confidence: 0.375, score: 85 + ((d * 24 + h) % 16) }));
    const scale = scoreScale(g, false);
    expect(scale).toHaveLength(5);
    expect(scale[0]?.from).toBe(85);
    expect(scale.at(-1)?.to).toBe(100);
    expect(stepFor(scale, 85)).toBe(scale[0]);
    expect(stepFor(scale, 100)).toBe(scale[4]);
    const colors = new Set(g.map((c) => stepFor(scale, c.score).color));
    expect(colors.size).toBe(5);
    // Monotonic: a higher score never gets a lighter step.
    const order = (s: number) => scale.indexOf(stepFor(scale, s));
    for (let s = 85; s < 100; s += 0.5) expect(order(s + 0.5)).toBeGreaterThanOrEqual(order(s));
  });

  it("leaves cells without posts out of the range; fallback grids use every cell", () => {
    const g = grid((d) =>
      d === 0 ? { sampleSize: 0, score: 10 } : { sampleSize: 2, confidence: 0.29, score: 90 + d },
    );
    expect(scoreScale(g, false)[0]?.from).toBe(91);
    expect(hasNoData(cell(0, 0), false)).toBe(true);
    expect(hasNoData(cell(0, 0), true)).toBe(false);
    expect(scoreScale(g, true)[0]?.from).toBe(10);
  });

  it("marks one-post cells as low confidence, never fallback or empty ones", () => {
    expect(isLowConfidence(cell(1, 1, { sampleSize: 1, confidence: 1 / 6 }), false)).toBe(true);
    expect(isLowConfidence(cell(1, 1, { sampleSize: 2, confidence: 2 / 7 }), false)).toBe(false);
    expect(isLowConfidence(cell(1, 1, { sampleSize: 0 }), false)).toBe(false);
    expect(isLowConfidence(cell(1, 1, { sampleSize: 1, confidence: 1 / 6 }), true)).toBe(false);
  });

  it("collapses to one step when every cell has the same score", () => {
    const scale = scoreScale(
      grid(() => ({ sampleSize: 5, score: 100 })),
      false,
    );
    expect(scale).toHaveLength(1);
    expect(scale[0]?.label).toBe("100");
  });
});
