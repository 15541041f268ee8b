import { describe, expect, it } from "vitest";
import { nextOccurrence, wallSlotOf } from "@/components/composer/next-occurrence";
import { weekdayHourInZone } from "@/lib/time/weekday-hour";

const ZONES = ["UTC", "Europe/Berlin", "America/New_York", "Asia/Kolkata", "Australia/Lord_Howe", "Pacific/Chatham"];
const WEEK = 7 * 86_400_000;

function must<T>(value: T | undefined): T {
  if (value === undefined) throw new Error("expected a value");
  return value;
}

describe("nextOccurrence", () => {
  it("is the same wall day when the hour is still ahead today (Berlin, winter)", () => {
    // Tuesday 2026-12-01 08:30 in Berlin (07:30Z); Tuesday 09:00 is half an hour later.
    const slot = must(
      nextOccurrence({ dayOfWeek: 2, hour: 9, timeZone: "Europe/Berlin", now: new Date("2026-12-01T07:30:00Z") }),
    );
    expect(slot).toMatchObject({ date: "2026-12-01", time: "09:00" });
    expect(slot.instant.toISOString()).toBe("2026-12-01T08:00:00.000Z");
  });

  it("moves to next week when that hour today has passed or is exactly now", () => {
    const now = new Date("2026-12-01T08:00:00Z"); // Tuesday 09:00 Berlin exactly
    const slot = must(nextOccurrence({ dayOfWeek: 2, hour: 9, timeZone: "Europe/Berlin", now }));
    expect(slot.date).toBe("2026-12-08");
  });

  it("reads the weekday in the chosen zone, not in UTC or the browser's", () => {
    // Monday 23:30 in New York is already Tuesday 04:30 UTC: Tuesday 01:00 New York is 1.5 h away.
    const slot = must(
      nextOccurrence({ dayOfWeek: 2, hour: 1, timeZone: "America/New_York", now: new Date("2026-12-01T04:30:00Z") }),
    );
    expect(slot).toMatchObject({ date: "2026-12-01", time: "01:00" });
    expect(slot.instant.toISOString()).toBe("2026-12-01T06:00:00.000Z");
  });

  it("skips a day on which the hour falls in the spring-forward gap", () => {
    // Sunday 2026-03-29 02:00 does not exist in Berlin: the next real Sunday 02:00 is 2026-04-05.
    const slot = must(
      nextOccurrence({ dayOfWeek: 0, hour: 2, timeZone: "Europe/Berlin", now: new Date("2026-03-27T12:00:00Z") }),
    );
    expect(slot).toMatchObject({ date: "2026-04-05", time: "02:00" });
    expect(slot.instant.toISOString()).toBe("2026-04-05T00:00:00.000Z");
  });

  it("takes the first occurrence of a repeated fall-back hour", () => {
    // Sunday 2026-10-25 02:00 happens twice in Berlin (CEST, then CET): the first is 00:00Z.
    const slot = must(
      nextOccurrence({ dayOfWeek: 0, hour: 2, timeZone: "Europe/Berlin", now: new Date("2026-10-24T12:00:00Z") }),
    );
    expect(slot).toMatchObject({ date: "2026-10-25", time: "02:00" });
    expect(slot.instant.toISOString()).toBe("2026-10-25T00:00:00.000Z");
  });

  it("across the year: always in the future, within a week (+1 h for DST), and on the wanted weekday and hour", () => {
    let checked = 0;
    for (const timeZone of ZONES) {
      for (let t = Date.UTC(2026, 0, 1, 0, 7); t < Date.UTC(2027, 0, 1); t += 5 * 86_400_000 + 3_413_000) {
        const now = new Date(t);
        const dayOfWeek = Math.floor(t / 3_600_000) % 7;
        const hour = (Math.floor(t / 60_000) * 7) % 24;
        const slot = nextOccurrence({ dayOfWeek, hour, timeZone, now });
        if (!slot) throw new Error(`no occurrence in ${timeZone}`);
        const ahead = slot.instant.getTime() - t;
        expect(ahead).toBeGreaterThan(0);
        // A skipped gap day adds a week; otherwise the next occurrence is at most a week (and a DST hour) away.
        expect(ahead).toBeLessThanOrEqual(2 * WEEK + 3_600_000);
        expect(weekdayHourInZone(slot.instant, timeZone)).toEqual({ dayOfWeek, hour });
        expect(slot.time).toBe(`${String(hour).padStart(2, "0")}:00`);
        expect(wallSlotOf(slot.instant, timeZone)).toEqual(slot);
        checked++;
      }
    }
    expect(checked).toBeGreaterThan(400);
  });
  // DST inputs beyond Berlin: zones whose gap is at midnight, half an hour wide, or American.
  it.each([
    // Santiago springs forward at midnight (2026-09-06 00:00 does not exist): next Sunday 00:00 is a week later.
    ["America/Santiago", 0, 0, "2026-09-04T12:00:00Z", "2026-09-13", "2026-09-13T03:00:00.000Z"],
    // Lord Howe springs forward half an hour (02:00 → 02:30 on 2026-10-04): 02:00 that day does not exist.
    ["Australia/Lord_Howe", 0, 2, "2026-10-02T00:00:00Z", "2026-10-11", "2026-10-10T15:00:00.000Z"],
    // New York: 02:00 on 2026-03-08 does not exist; 01:00 on 2026-11-01 happens twice (EDT first).
    ["America/New_York", 0, 2, "2026-03-06T12:00:00Z", "2026-03-15", "2026-03-15T06:00:00.000Z"],
    ["America/New_York", 0, 1, "2026-10-30T12:00:00Z", "2026-11-01", "2026-11-01T05:00:00.000Z"],
    // Asked during the repeated hour, after its first reading: never the past, so the next week's.
    ["Europe/Berlin", 0, 2, "2026-10-25T00:30:00Z", "2026-11-01", "2026-11-01T01:00:00.000Z"],
  ])("%s, weekday %i at %i:00, asked at %s → %s (%s)", (timeZone, dayOfWeek, hour, now, date, instant) => {
    const slot = must(nextOccurrence({ dayOfWeek, hour, timeZone, now: new Date(now) }));
    expect(slot.date).toBe(date);
    expect(slot.time).toBe(`${String(hour).padStart(2, "0")}:00`);
    expect(slot.instant.toISOString()).toBe(instant);
    expect(slot.instant.getTime()).toBeGreaterThan(new Date(now).getTime());
  });
});
