import { describe, expect, it } from "vitest";
import {
  compareEvergreen,
  evergreenPriority,
  MAX_AGE_DAYS,
  NEVER_PUBLISHED_BASE,
  rankEvergreen,
} from "@/lib/evergreen/evergreen-priority";

const DAY = 86_400_000;
const now = new Date("2026-06-01T12:00:00Z");
const created = new Date("2020-01-01T00:00:00Z");
const daysAgo = (d: number) => new Date(now.getTime() - d * DAY);
const published = (ageDays: number, publishCount: number) =>
  evergreenPriority({ createdAt: created, publishCount, lastPublishedAt: daysAgo(ageDays) }, now);

// A deterministic spread of inputs: ages from minutes to beyond the cap, counts from 0 to 500.
const AGES = [0, 0.01, 0.5, 1, 2, 3, 6.5, 7, 13, 30, 45.25, 90, 180, 365, 1_000, 3_000, 3_649];
const COUNTS = [0, 1, 2, 3, 4, 5, 7, 10, 20, 50, 100, 500];

describe("evergreenPriority", () => {
  it("matches the README table", () => {
    expect(published(30, 1)).toBeCloseTo(17.72, 2);
    expect(published(60, 10)).toBeCloseTo(17.66, 2);
    expect(published(7, 1)).toBeCloseTo(4.13, 2);
    expect(published(90, 3)).toBeCloseTo(37.72, 2);
    expect(published(30, 5)).toBeCloseTo(10.75, 2);
    expect(published(180, 20)).toBeCloseTo(44.5, 2);
    expect(published(0, 5)).toBe(0);
    expect(evergreenPriority({ createdAt: daysAgo(12), publishCount: 0, lastPublishedAt: null }, now)).toBe(10_012);
  });

  it("is strictly increasing in time since last publish (below the cap), for every publish count", () => {
    for (const count of COUNTS) {
      for (let i = 1; i < AGES.length; i++) {
        expect(published(AGES[i] as number, count)).toBeGreaterThan(published(AGES[i - 1] as number, count));
      }
    }
  });

  it("is strictly decreasing in publish count, for every age above zero", () => {
    for (const age of AGES.filter((a) => a > 0)) {
      for (let n = 0; n < 200; n++) expect(published(age, n + 1)).toBeLessThan(published(age, n));
    }
  });

  it("has diminishing returns: each extra publish lowers priority less than the one before", () => {
    for (const age of AGES.filter((a) => a > 0)) {
      for (let n = 0; n < 200; n++) {
        const drop = published(age, n) - published(age, n + 1);
        const nextDrop = published(age, n + 1) - published(age, n + 2);
        expect(drop).toBeGreaterThan(0);
        expect(nextDrop).toBeLessThan(drop);
      }
    }
  });

  it("ranks every never-published post above every published one", () => {
    const worstNever = evergreenPriority({ createdAt: now, publishCount: 0, lastPublishedAt: null }, now);
    expect(worstNever).toBe(NEVER_PUBLISHED_BASE);
    for (const age of [...AGES, MAX_AGE_DAYS, 100_000]) {
      for (const count of COUNTS) expect(published(age, count)).toBeLessThan(worstNever);
    }
  });

  it("ranks older never-published posts first, and caps ages", () => {
    const never = (d: number) =>
      evergreenPriority({ createdAt: daysAgo(d), publishCount: 0, lastPublishedAt: null }, now);
    expect(never(10)).toBeGreaterThan(never(1));
    expect(published(MAX_AGE_DAYS + 500, 1)).toBe(published(MAX_AGE_DAYS, 1));
    // A lastPublishedAt in the future (clock skew) counts as just published, not negative.
    expect(published(-3, 1)).toBe(0);
  });
});

describe("rankEvergreen", () => {
  it("sorts by priority, then older createdAt, then id — the same whatever the input order", () => {
    const base = { publishCount: 2, lastPublishedAt: daysAgo(20) };
    const posts = [
      { id: "b", createdAt: daysAgo(100), ...base },
      { id: "a", createdAt: daysAgo(100), ...base },
      { id: "c", createdAt: daysAgo(200), ...base },
      { id: "never-new", createdAt: daysAgo(1), publishCount: 0, lastPublishedAt: null },
      { id: "never-old", createdAt: daysAgo(50), publishCount: 0, lastPublishedAt: null },
      { id: "rested", createdAt: daysAgo(1), publishCount: 9, lastPublishedAt: daysAgo(300) },
      { id: "fresh", createdAt: daysAgo(900), publishCount: 1, lastPublishedAt: daysAgo(1) },
    ];
    const expected = ["never-old", "never-new", "rested", "c", "a", "b", "fresh"];
    // Every rotation of the input gives the same order.
    for (let shift = 0; shift < posts.length; shift++) {
      const input = [...posts.slice(shift), ...posts.slice(0, shift)];
      expect(rankEvergreen(input, now).map((p) => p.id)).toEqual(expected);
      expect(rankEvergreen([...input].reverse(), now).map((p) => p.id)).toEqual(expected);
    }
  });

  it("is a total order: antisymmetric and zero only for the same id", () => {
    const ranked = rankEvergreen(
      AGES.flatMap((age, i) =>
        COUNTS.map((count, j) => ({
          id: `p${i}-${j}`,
          createdAt: daysAgo(i % 3),
          publishCount: count,
          lastPublishedAt: daysAgo(age),
        })),
      ),
      now,
    );
    for (let i = 1; i < ranked.length; i++) {
      const [a, b] = [ranked[i - 1], ranked[i]] as [(typeof ranked)[number], (typeof ranked)[number]];
      expect(compareEvergreen(a, b)).toBeLessThan(0);
      expect(compareEvergreen(b, a)).toBeGreaterThan(0);
      expect(a.priority).toBeGreaterThanOrEqual(b.priority);
    }
  });
});
