import { describe, expect, it } from "vitest";
import { pickSuggestedTimes, type RankedSlot } from "@/lib/optimal-times/suggest-times";
import { scheduleInstantProblem } from "@/lib/time/schedule-instant-problem";
import { weekdayHourInZone } from "@/lib/time/weekday-hour";

const slots: RankedSlot[] = [
  { dayOfWeek: 2, hour: 18, score: 100 },
  { dayOfWeek: 4, hour: 18, score: 97 },
  { dayOfWeek: 2, hour: 19, score: 95 },
  { dayOfWeek: 4, hour: 19, score: 90 },
  { dayOfWeek: 1, hour: 11, score: 70 },
];
const from = new Date("2026-12-01T12:00:00Z"); // a Tuesday, 13:00 in Berlin
const zone = "Europe/Berlin";
const MIN = 60_000;

describe("pickSuggestedTimes", () => {
  it("gives the next occurrences of the best slots, sorted, strictly after `from`", () => {
    const times = pickSuggestedTimes({ slots, count: 3, timezone: zone, from, minGapMinutes: 30 });
    expect(times.map((t) => t.at.toISOString())).toEqual([
      "2026-12-01T17:00:00.000Z",
      "2026-12-01T18:00:00.000Z",
      "2026-12-03T17:00:00.000Z",
    ]);
    for (const t of times) expect(weekdayHourInZone(t.at, zone)).toEqual({ dayOfWeek: t.dayOfWeek, hour: t.hour });
  });

  it("never suggests the past, never two closer than the gap (taken included), for any batch (property)", () => {
    for (const count of [1, 2, 5, 13, 40]) {
      for (const gap of [0, 45, 90, 24 * 60, 3 * 24 * 60]) {
        const taken = [new Date("2026-12-01T17:30:00Z"), new Date("2026-12-10T17:00:00Z")];
        const times = pickSuggestedTimes({ slots, count, timezone: zone, from, minGapMinutes: gap, taken });
        expect(times).toHaveLength(count);
        const all = [...times.map((t) => t.at.getTime()), ...taken.map((d) => d.getTime())].sort((a, b) => a - b);
        for (const t of times) expect(t.at.getTime()).toBeGreaterThan(from.getTime());
        for (let i = 1; i < all.length; i++)
          expect((all[i] ?? 0) - (all[i - 1] ?? 0)).toBeGreaterThanOrEqual(gap * MIN);
      }
    }
  });

  it("spreads a batch over the slots instead of stacking weeks of the best one", () => {
    const times = pickSuggestedTimes({ slots, count: 10, timezone: zone, from, minGapMinutes: 0 });
    const perSlot = new Map<string, number>();
    for (const t of times) perSlot.set(`${t.dayOfWeek}@${t.hour}`, (perSlot.get(`${t.dayOfWeek}@${t.hour}`) ?? 0) + 1);
    expect([...perSlot.values()]).toEqual([2, 2, 2, 2, 2]);
    // Everything fits in two weeks and a bit.
    expect((times.at(-1)?.at.getTime() ?? 0) - from.getTime()).toBeLessThan(15 * 86_400_000);
  });

  it("skips a slot hour inside a DST gap to the next week on which it exists, and handles overlaps", () => {
    const sunday2: RankedSlot[] = [{ dayOfWeek: 0, hour: 2, score: 100 }];
    const spring = pickSuggestedTimes({
      slots: sunday2,
      count: 2,
      timezone: zone,
      from: new Date("2026-03-27T12:00:00Z"),
      minGapMinutes: 0,
    });
    expect(spring.map((t) => t.at.toISOString())).toEqual(["2026-04-05T00:00:00.000Z", "2026-04-12T00:00:00.000Z"]);
    const autumn = pickSuggestedTimes({
      slots: sunday2,
      count: 2,
      timezone: zone,
      from: new Date("2026-10-24T12:00:00Z"),
      minGapMinutes: 0,
    });
    expect(autumn.map((t) => t.at.toISOString())).toEqual(["2026-10-25T00:00:00.000Z", "2026-11-01T01:00:00.000Z"]);
    for (const t of [...spring, ...autumn]) expect(weekdayHourInZone(t.at, zone)).toEqual({ dayOfWeek: 0, hour: 2 });
  });

  it("returns nothing without slots or for a count of 0, and marks fallback suggestions", () => {
    expect(pickSuggestedTimes({ slots: [], count: 3, timezone: zone, from, minGapMinutes: 0 })).toEqual([]);
    expect(pickSuggestedTimes({ slots, count: 0, timezone: zone, from, minGapMinutes: 0 })).toEqual([]);
    const fb = pickSuggestedTimes({ slots, count: 2, timezone: zone, from, minGapMinutes: 0 }, true);
    expect(fb.every((t) => t.fallback)).toBe(true);
  });
});

describe("pickSuggestedTimes and scheduling agree", () => {
  it("never returns an instant scheduleInstantProblem refuses, even where the calendar runs out (year 9999)", () => {
    for (const zone of ["Pacific/Kiritimati", "UTC", "Pacific/Pago_Pago"]) {
      const end = new Date("9999-12-24T00:00:00Z");
      const times = pickSuggestedTimes({ slots, count: 20, timezone: zone, from: end, minGapMinutes: 0 });
      expect(times.length).toBeGreaterThan(0);
      expect(times.length).toBeLessThan(20);
      for (const t of times) expect(scheduleInstantProblem({ instant: t.at, timeZone: zone, now: end })).toBeNull();
    }
  });
});
