import { describe, expect, it } from "vitest";
import { Platform } from "@/lib/generated/prisma/enums";
import { METRIC_KEYS, type MetricKey, metricFigures } from "@/lib/metrics/metric-figures";

const reading = (over: Partial<Record<MetricKey, number | null>> = {}): Record<MetricKey, number | null> => ({
  impressions: null,
  reach: null,
  likes: 0,
  comments: 0,
  shares: 0,
  saves: 0,
  clicks: 0,
  ...over,
});

describe("metricFigures", () => {
  it("names each platform's numbers as the platform does", () => {
    const labels = (p: Platform) => metricFigures(p, reading({ impressions: 1, reach: 1 })).map((f) => f.label);
    expect(labels("MASTODON")).toEqual(["Favourites", "Replies", "Boosts", "Impressions", "Reach"]);
    expect(labels("BLUESKY")).toEqual(["Likes", "Replies", "Reposts and quotes", "Impressions", "Reach"]);
    expect(labels("TWITTER").slice(0, 4)).toEqual(["Views", "Likes", "Replies", "Reposts and quotes"]);
    expect(labels("LINKEDIN")).toContain("Reactions");
    expect(labels("INSTAGRAM")).toEqual(["Views", "Accounts reached", "Likes", "Comments", "Shares", "Saves"]);
  });

  it("leaves out a number the platform did not report (null), keeps its zeros", () => {
    const x = metricFigures("TWITTER", reading({ likes: 3 }));
    expect(x.map((f) => f.metric)).toEqual(["likes", "comments", "shares", "saves", "clicks"]);
    expect(x.find((f) => f.metric === "comments")?.value).toBe(0);
  });

  it("shows a number outside the platform's list only when it is non-zero, under its generic name", () => {
    expect(metricFigures("MASTODON", reading({ saves: 0, clicks: 0 })).map((f) => f.metric)).toEqual([
      "likes",
      "comments",
      "shares",
    ]);
    expect(metricFigures("MASTODON", reading({ clicks: 4 })).at(-1)).toEqual({
      metric: "clicks",
      label: "Clicks",
      value: 4,
    });
  });

  it("for every platform, never loses a reported non-zero number and never shows one twice", () => {
    for (const platform of Object.values(Platform)) {
      for (const key of METRIC_KEYS) {
        const figures = metricFigures(platform, reading({ [key]: 7 }));
        expect(figures.filter((f) => f.metric === key)).toHaveLength(1);
        expect(new Set(figures.map((f) => f.metric)).size).toBe(figures.length);
      }
    }
  });
});
