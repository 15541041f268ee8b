import { describe, expect, it } from "vitest";
import { slotWallClock, toCalendarEvents } from "@/components/calendar/calendar-events";
import type { CalendarPostView } from "@/components/hooks/use-calendar-posts";

// The calendar's event mapping across DST transitions: each post once, on its local date and time, never reaching
// into the next day (FullCalendar would draw that part again there).
const ZONES = [
  "America/Santiago", // DST starts and ends at midnight: a day without 00:00, a Saturday with 23:00-24:00 twice
  "Europe/Berlin",
  "Australia/Lord_Howe", // 30-minute shift
  "America/St_Johns", // -03:30 / -02:30
  "Pacific/Chatham", // +12:45 / +13:45, shifts at 02:45 / 03:45
  "Asia/Kolkata", // no DST
];

/** The local date and time of `instant` in `zone`, read independently of lib/time (Intl parts). */
const formats = new Map<string, Intl.DateTimeFormat>();
function localParts(instant: Date, zone: string): { date: string; time: string } {
  const format =
    formats.get(zone) ??
    new Intl.DateTimeFormat("en-CA", {
      timeZone: zone,
      hourCycle: "h23",
      year: "numeric",
      month: "2-digit",
      day: "2-digit",
      hour: "2-digit",
      minute: "2-digit",
      second: "2-digit",
    });
  formats.set(zone, format);
  const parts = format.formatToParts(instant);
  const get = (type: string) => parts.find((p) => p.type === type)?.value ?? "";
  return {
    date: `${get("year")}-${get("month")}-${get("day")}`,
    time: `${get("hour")}:${get("minute")}:${get("second")}`,
  };
}

/** Instants whose offset differs from the one an hour later: the zone's transitions in 2026-2027. */
function transitions(zone: string): Date[] {
  const found: Date[] = [];
  const offset = (t: number) => localParts(new Date(t), zone);
  let before = offset(Date.UTC(2026, 0, 1));
  // Hourly steps catch every shift, the 30-minute ones too (the wall clock then moves 30 or 90 minutes).
  for (let t = Date.UTC(2026, 0, 1); t < Date.UTC(2028, 0, 1); t += 3_600_000) {
    const next = offset(t + 3_600_000);
    const expected = new Date(Date.parse(`${before.date}T${before.time}Z`) + 3_600_000).toISOString();
    if (`${next.date}T${next.time}` !== expected.slice(0, 19)) found.push(new Date(t + 3_600_000));
    before = next;
  }
  return found;
}

function post(id: string, scheduledAt: string | null): CalendarPostView {
  return { id, status: "SCHEDULED", content: id, scheduledAt, channels: [] } as unknown as CalendarPostView;
}

describe("toCalendarEvents", () => {
  it.each(ZONES)("draws each post once, on its local date and time, around every transition in %s", (zone) => {
    const found = transitions(zone);
    if (zone !== "Asia/Kolkata") expect(found.length).toBeGreaterThanOrEqual(3);
    // Every 10 minutes for 4 hours either side of each transition, plus around local midnights of those days.
    const instants: Date[] = [];
    for (const at of found.length ? found : [new Date(Date.UTC(2026, 2, 29))])
      for (let m = -240; m <= 240; m += 10) instants.push(new Date(at.getTime() + m * 60_000));
    const posts = instants.map((at, i) => post(`p${i}`, at.toISOString()));
    const events = toCalendarEvents([...posts, post("draft", null)], zone, new Date("2026-06-01T00:00:00Z"));

    expect(events.filter((e) => e.id === "draft")).toHaveLength(0);
    for (const [i, at] of instants.entries()) {
      const mine = events.filter((e) => e.id === `p${i}`);
      expect(mine).toHaveLength(1);
      const event = mine[0] as { start: string; end: string };
      const local = localParts(at, zone);
      expect(event.start).toBe(`${local.date}T${local.time}`);
      // Never reaching into the next local day (a zone-less end at the next midnight is exclusive).
      expect(event.end > event.start).toBe(true);
      const nextDay = new Date(`${local.date}T00:00:00Z`);
      nextDay.setUTCDate(nextDay.getUTCDate() + 1);
      expect(event.end <= `${nextDay.toISOString().slice(0, 10)}T00:00:00`).toBe(true);
      expect(event.end.slice(0, 10) === local.date || event.end.endsWith("T00:00:00")).toBe(true);
    }
  });

  it("the Santiago days around its midnight transitions", () => {
    const zone = "America/Santiago";
    const events = toCalendarEvents(
      [
        post("first-2330", "2027-04-04T02:30:00Z"), // Sat 23:30 -03, first pass
        post("second-2330", "2027-04-04T03:30:00Z"), // Sat 23:30 -04, second pass
        post("sun-0030", "2027-04-04T04:30:00Z"),
        post("before-gap", "2027-09-05T03:30:00Z"), // Sat 4 Sep 23:30 -04
        post("after-gap", "2027-09-05T04:00:00Z"), // Sun 5 Sep 01:00 -03: the day's first minute
      ],
      zone,
      new Date("2026-06-01T00:00:00Z"),
    );
    const byId = Object.fromEntries(events.map((e) => [e.id, [e.start, e.end]]));
    expect(byId["first-2330"]).toEqual(["2027-04-03T23:30:00", "2027-04-04T00:00:00"]);
    expect(byId["second-2330"]).toEqual(["2027-04-03T23:30:00", "2027-04-04T00:00:00"]);
    expect(byId["sun-0030"]).toEqual(["2027-04-04T00:30:00", "2027-04-04T01:30:00"]);
    expect(byId["before-gap"]).toEqual(["2027-09-04T23:30:00", "2027-09-05T00:00:00"]);
    expect(byId["after-gap"]).toEqual(["2027-09-05T01:00:00", "2027-09-05T02:00:00"]);
  });
});

describe("slotWallClock", () => {
  it("keeps FullCalendar's wall clock and drops its offset", () => {
    expect(slotWallClock("2027-09-05T00:30:00-03:00")).toBe("2027-09-05T00:30");
    expect(slotWallClock("2027-09-05T00:30:00")).toBe("2027-09-05T00:30");
    expect(slotWallClock("2027-09-05")).toBeUndefined();
  });
});
