import { describe, expect, it } from "vitest";
import { weekRange } from "@/lib/time/week-range";

const iso = (r: { start: Date; end: Date }) => [r.start.toISOString(), r.end.toISOString()];

describe("weekRange: the calendar's week in a zone", () => {
  it.each([
    // instant, zone, week start → [start, end)
    ["2027-03-07T20:00:00Z", "UTC", "monday", ["2027-03-01T00:00:00.000Z", "2027-03-08T00:00:00.000Z"]],
    ["2027-03-07T20:00:00Z", "UTC", "sunday", ["2027-03-07T00:00:00.000Z", "2027-03-14T00:00:00.000Z"]],
    // Monday 09:00 in Auckland (+13): the next week there.
    ["2027-03-07T20:00:00Z", "Pacific/Auckland", "monday", ["2027-03-07T11:00:00.000Z", "2027-03-14T11:00:00.000Z"]],
    // Sunday 15:00 in New York (-5): a Sunday week starts that very day (DST begins 14 March at 02:00, after midnight).
    ["2027-03-07T20:00:00Z", "America/New_York", "sunday", ["2027-03-07T05:00:00.000Z", "2027-03-14T05:00:00.000Z"]],
    // The instant at the start is in its own week (half-open).
    ["2027-03-01T00:00:00Z", "UTC", "monday", ["2027-03-01T00:00:00.000Z", "2027-03-08T00:00:00.000Z"]],
    // Berlin's spring-forward week is 167 hours long.
    ["2027-03-28T12:00:00Z", "Europe/Berlin", "monday", ["2027-03-21T23:00:00.000Z", "2027-03-28T22:00:00.000Z"]],
    // Santiago skips midnight (2026-09-06 00:00 → 01:00): a Sunday week starts at 01:00 local, 04:00Z.
    ["2026-09-08T12:00:00Z", "America/Santiago", "sunday", ["2026-09-06T04:00:00.000Z", "2026-09-13T03:00:00.000Z"]],
  ] as const)("%s in %s (%s)", (instant, timeZone, weekStart, expected) => {
    expect(iso(weekRange({ instant: new Date(instant), timeZone, weekStart }))).toEqual(expected);
  });

  it("every instant of a year falls in the week it starts, for both week starts", () => {
    for (const timeZone of ["Pacific/Auckland", "America/Santiago", "Asia/Kolkata"]) {
      for (const weekStart of ["monday", "sunday"] as const) {
        for (let t = Date.UTC(2026, 0, 1); t < Date.UTC(2027, 0, 1); t += 7 * 3_600_000 + 13 * 60_000) {
          const { start, end } = weekRange({ instant: new Date(t), timeZone, weekStart });
          expect(start.getTime()).toBeLessThanOrEqual(t);
          expect(end.getTime()).toBeGreaterThan(t);
          expect(end.getTime() - start.getTime()).toBeGreaterThanOrEqual(167 * 3_600_000);
          expect(end.getTime() - start.getTime()).toBeLessThanOrEqual(169 * 3_600_000);
        }
      }
    }
  });
});
