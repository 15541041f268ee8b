import { describe, expect, it } from "vitest";
import { describeInstant } from "@/lib/time/describe-time";
import { formatInZone } from "@/lib/time/format-in-zone";
import { parseScheduleTime } from "@/lib/time/parse-schedule-time";
import { scheduleInstantProblem } from "@/lib/time/schedule-instant-problem";
import { isValidTimeZone } from "@/lib/time/time-zone";
import { weekdayHourInZone, weekdayHourReader } from "@/lib/time/weekday-hour";
import { zoneOffsetMs } from "@/lib/time/zone-offset";

const ZONES = [
  "UTC",
  "Europe/Berlin",
  "Europe/London",
  "America/New_York",
  "America/Sao_Paulo",
  "America/St_Johns",
  "Asia/Kolkata",
  "Asia/Kathmandu",
  "Asia/Tokyo",
  "Australia/Lord_Howe",
  "Australia/Adelaide",
  "Pacific/Chatham",
  "Pacific/Auckland",
  "Africa/Casablanca",
];

function ok(value: string, zone: string) {
  const result = parseScheduleTime(value, zone);
  if (!result.ok) throw new Error(`expected ${value} in ${zone} to parse: ${result.message}`);
  return result;
}

/** A deterministic spread of instants: every ~6 days and 1h13 over 2024-2027, so every hour of day comes up. */
function* sampleInstants() {
  const start = Date.UTC(2024, 0, 1, 0, 7);
  for (let t = start; t < Date.UTC(2027, 11, 31); t += 145 * 3_600_000 + 13 * 60_000) yield new Date(t);
}

describe("isValidTimeZone", () => {
  it("accepts IANA names and refuses the rest", () => {
    for (const zone of [...ZONES, "Etc/GMT+5", "America/Argentina/Buenos_Aires"])
      expect(isValidTimeZone(zone)).toBe(true);
    for (const zone of ["", "Mars/Olympus", "+02:00", "Europe/Berlin ", "CEST ", "../etc", "Europe//Berlin"]) {
      expect(isValidTimeZone(zone)).toBe(false);
    }
  });
});

describe("round trips (property style)", () => {
  it("formatInZone → parse gives back the instant, in every zone", () => {
    let checked = 0;
    for (const zone of ZONES) {
      for (const instant of sampleInstants()) {
        const local = formatInZone(instant, zone);
        expect(new Date(local).getTime()).toBe(instant.getTime());
        expect(ok(local, zone).instant.getTime()).toBe(instant.getTime());
        // The wall-clock part read in the zone gives the instant back unless it is the second pass of an overlap.
        const wall = ok(local.slice(0, 19), zone);
        if (!wall.ambiguous) expect(wall.instant.getTime()).toBe(instant.getTime());
        else expect(wall.instant.getTime()).toBeLessThanOrEqual(instant.getTime());
        checked++;
      }
    }
    expect(checked).toBeGreaterThan(2_500);
  }, 60_000);

  it("every wall-clock time that parses shows the same wall clock again", () => {
    for (const zone of ZONES) {
      for (let day = 0; day < 730; day += 5) {
        const date = new Date(Date.UTC(2025, 0, 1 + day, (day * 7) % 24, (day * 11) % 60));
        const wall = date.toISOString().slice(0, 16);
        const result = parseScheduleTime(wall, zone);
        if (result.ok) expect(formatInZone(result.instant, zone).slice(0, 16)).toBe(wall);
        else expect(result.reason).toBe("gap");
      }
    }
  }, 60_000);

  it("ISO instants with an offset are taken as given, whatever the zone", () => {
    for (const zone of ZONES) {
      expect(ok("2026-05-01T09:00:00+02:00", zone).instant.toISOString()).toBe("2026-05-01T07:00:00.000Z");
      expect(ok("2026-05-01T09:00Z", zone).instant.toISOString()).toBe("2026-05-01T09:00:00.000Z");
      expect(ok("2026-05-01T09:00:00.250-05:30", zone).instant.toISOString()).toBe("2026-05-01T14:30:00.250Z");
    }
  });
});

describe("DST gaps are refused, naming the gap", () => {
  it.each([
    [
      "2026-03-29T02:30",
      "Europe/Berlin",
      "Sun 29 Mar 2026, 02:30 does not exist in Europe/Berlin: clocks jump from 02:00 to 03:00 at Sun 29 Mar 2026, 01:00 UTC",
    ],
    [
      "2026-03-29T02:00",
      "Europe/Berlin",
      "Sun 29 Mar 2026, 02:00 does not exist in Europe/Berlin: clocks jump from 02:00 to 03:00 at Sun 29 Mar 2026, 01:00 UTC",
    ],
    [
      "2026-03-08T02:59:59",
      "America/New_York",
      "Sun 8 Mar 2026, 02:59:59 does not exist in America/New_York: clocks jump from 02:00 to 03:00 at Sun 8 Mar 2026, 07:00 UTC",
    ],
    [
      "2026-10-04T02:15",
      "Australia/Lord_Howe",
      "Sun 4 Oct 2026, 02:15 does not exist in Australia/Lord_Howe: clocks jump from 02:00 to 02:30 at Sat 3 Oct 2026, 15:30 UTC",
    ],
    [
      // Chile starts DST at midnight: the day begins at 01:00, so 00:30 is not "23:30 the day before".
      "2027-09-05T00:30",
      "America/Santiago",
      "Sun 5 Sep 2027, 00:30 does not exist in America/Santiago: clocks jump from 00:00 to 01:00 at Sun 5 Sep 2027, 04:00 UTC",
    ],
    [
      "2027-09-26T02:50",
      "Pacific/Chatham",
      "Sun 26 Sep 2027, 02:50 does not exist in Pacific/Chatham: clocks jump from 02:45 to 03:45 at Sat 25 Sep 2027, 14:00 UTC",
    ],
    [
      "2027-03-14T02:30",
      "America/St_Johns",
      "Sun 14 Mar 2027, 02:30 does not exist in America/St_Johns: clocks jump from 02:00 to 03:00 at Sun 14 Mar 2027, 05:30 UTC",
    ],
  ])("%s in %s", (wall, zone, message) => {
    expect(parseScheduleTime(wall, zone)).toEqual({ ok: false, reason: "gap", message });
  });

  it("the minutes around a gap resolve to the instants around the jump", () => {
    expect(ok("2026-03-29T01:59", "Europe/Berlin").instant.toISOString()).toBe("2026-03-29T00:59:00.000Z");
    expect(ok("2026-03-29T03:00", "Europe/Berlin").instant.toISOString()).toBe("2026-03-29T01:00:00.000Z");
    expect(ok("2026-03-08T03:00", "America/New_York").instant.toISOString()).toBe("2026-03-08T07:00:00.000Z");
    expect(ok("2026-10-04T02:30", "Australia/Lord_Howe").instant.toISOString()).toBe("2026-10-03T15:30:00.000Z");
  });
});

describe("DST overlaps take the first occurrence", () => {
  it.each([
    // Berlin falls back at 03:00 CEST → 02:00 CET: 02:30 happens at 00:30Z and again at 01:30Z.
    ["2026-10-25T02:30", "Europe/Berlin", "2026-10-25T00:30:00.000Z", "2026-10-25T02:30:00+02:00"],
    ["2026-10-25T02:00", "Europe/Berlin", "2026-10-25T00:00:00.000Z", "2026-10-25T02:00:00+02:00"],
    // New York falls back at 02:00 EDT → 01:00 EST: 01:30 happens at 05:30Z and again at 06:30Z.
    ["2026-11-01T01:30", "America/New_York", "2026-11-01T05:30:00.000Z", "2026-11-01T01:30:00-04:00"],
    // Lord Howe falls back half an hour, 02:00 (+11) → 01:30 (+10:30).
    ["2026-04-05T01:45", "Australia/Lord_Howe", "2026-04-04T14:45:00.000Z", "2026-04-05T01:45:00+11:00"],
  ])("%s in %s", (wall, zone, utc, local) => {
    const result = ok(wall, zone);
    expect(result.ambiguous).toBe(true);
    expect(result.instant.toISOString()).toBe(utc);
    expect(formatInZone(result.instant, zone)).toBe(local);
  });

  it("just after the overlap is unambiguous", () => {
    const result = ok("2026-10-25T03:00", "Europe/Berlin");
    expect(result.ambiguous).toBe(false);
    expect(result.instant.toISOString()).toBe("2026-10-25T02:00:00.000Z");
  });
});

describe("formatInZone", () => {
  it("writes local time with the zone's offset", () => {
    const instant = new Date("2026-07-01T12:00:00Z");
    expect(formatInZone(instant, "UTC")).toBe("2026-07-01T12:00:00+00:00");
    expect(formatInZone(instant, "Europe/Berlin")).toBe("2026-07-01T14:00:00+02:00");
    expect(formatInZone(instant, "America/St_Johns")).toBe("2026-07-01T09:30:00-02:30");
    expect(formatInZone(instant, "Asia/Kathmandu")).toBe("2026-07-01T17:45:00+05:45");
    expect(zoneOffsetMs(instant.getTime(), "Australia/Lord_Howe")).toBe(10.5 * 3_600_000);
  });
});

describe("impossible dates and times are named as such", () => {
  it.each([
    ["2027-02-29T10:00", "February 2027 has 28 days"],
    ["2028-02-30T10:00", "February 2028 has 29 days"],
    ["2000-02-30T10:00Z", "February 2000 has 29 days"],
    ["2100-02-29T10:00", "February 2100 has 28 days"],
    ["2026-04-31T10:00", "April 2026 has 30 days"],
    ["2026-13-01T10:00", "there is no month 13"],
    ["2026-00-10T10:00", "there is no month 00"],
    ["2026-01-01T24:00", "hours go from 00 to 23"],
    ["2026-01-01T10:60:00Z", "minutes and seconds go from 00 to 59"],
  ])("%s: %s", (value, why) => {
    const result = parseScheduleTime(value, "Europe/Berlin");
    expect(result).toEqual({ ok: false, reason: "format", message: `"${value}" names no real date or time: ${why}` });
  });

  it("a real 29 February is accepted", () => {
    expect(parseScheduleTime("2028-02-29T10:00", "Europe/Berlin").ok).toBe(true);
  });
});

describe("bad input", () => {
  it.each([
    "2026-02-30T10:00",
    "2026-13-01T10:00",
    "2026-01-01T24:00",
    "2026-01-01 10:00",
    "tomorrow",
    "2026-01-01",
    "2026-01-01T10:00+25:00",
    "",
  ])("%j is a format error", (value) => {
    const result = parseScheduleTime(value, "Europe/Berlin");
    expect(result.ok).toBe(false);
    if (!result.ok) expect(result.reason).toBe("format");
  });

  it("an unknown zone is refused", () => {
    expect(parseScheduleTime("2026-05-01T09:00", "Mars/Olympus")).toMatchObject({ ok: false, reason: "timezone" });
  });
});

describe("weekdayHourReader (offset read once per UTC hour)", () => {
  it("agrees with weekdayHourInZone at every instant, across each zone's transitions in 2026", () => {
    // Whole-hour, 30-minute (Lord Howe) and 45-minute-offset (Chatham) zones, north and south.
    const zones = ["Europe/Berlin", "America/New_York", "Australia/Lord_Howe", "Pacific/Chatham", "America/St_Johns"];
    const start = Date.UTC(2026, 0, 1);
    const end = Date.UTC(2027, 0, 1);
    for (const zone of zones) {
      const read = weekdayHourReader(zone);
      const mismatches: string[] = [];
      // 7 minutes 13 seconds apart: every minute-of-hour phase is visited, so a transition at :00, :30 or :45 is hit.
      for (let t = start; t < end; t += 433_000) {
        const instant = new Date(t);
        const expected = weekdayHourInZone(instant, zone);
        const actual = read(instant);
        if (expected.dayOfWeek !== actual.dayOfWeek || expected.hour !== actual.hour)
          mismatches.push(`${zone} ${instant.toISOString()}`);
      }
      expect(mismatches).toEqual([]);
    }
    // ~73,000 instants × 5 zones through Intl: seconds of CPU, more on a busy machine than vitest's default 5 s.
  }, 60_000);
});

describe("times outside 1970-9999 are refused as such, naming the time in the zone and UTC", () => {
  it.each([
    // Date.UTC(0, …) reads year 0 as 1900: the year must stay 0 and be refused, not become 1900.
    ["0000-01-01T00:00:00Z", "UTC", "Sat 1 Jan 0000, 00:00 UTC is before 1970"],
    ["0000-01-01T00:00", "UTC", "Sat 1 Jan 0000, 00:00 UTC is before 1970"],
    ["0099-03-01T10:00", "UTC", "Sun 1 Mar 0099, 10:00 UTC is before 1970"],
    ["1900-01-01T00:00:00Z", "Europe/Berlin", "Mon 1 Jan 1900, 01:00 Europe/Berlin (00:00 UTC) is before 1970"],
    ["1969-12-31T23:59:59Z", "UTC", "Wed 31 Dec 1969, 23:59:59 UTC is before 1970"],
    // A wall clock on 1 Jan 1970 east of UTC is still 1969 in UTC.
    [
      "1970-01-01T00:30",
      "Europe/Berlin",
      "Thu 1 Jan 1970, 00:30 Europe/Berlin (Wed 31 Dec 1969, 23:30 UTC) is before 1970",
    ],
    ["9999-12-31T23:30:00-01:00", "UTC", "Sat 1 Jan 10000, 00:30 UTC is after 9999"],
    [
      "9999-12-31T20:00",
      "America/New_York",
      "Fri 31 Dec 9999, 20:00 America/New_York (Sat 1 Jan 10000, 01:00 UTC) is after 9999",
    ],
  ])("%s in %s", (value, zone, message) => {
    const result = parseScheduleTime(value, zone);
    expect(result.ok).toBe(false);
    if (result.ok) return;
    expect(result.reason).toBe("range");
    expect(result.message).toBe(`${message}: times must be between 1970-01-01T00:00:00Z and 9999-12-31T23:59:59Z`);
  });

  it("the ends themselves are accepted", () => {
    expect(ok("1970-01-01T00:00:00Z", "Europe/Berlin").instant.getTime()).toBe(0);
    expect(ok("1970-01-01T00:00", "America/New_York").instant.toISOString()).toBe("1970-01-01T05:00:00.000Z");
    expect(ok("9999-12-31T23:59:59Z", "UTC").instant.toISOString()).toBe("9999-12-31T23:59:59.000Z");
  });
});

describe("describeInstant", () => {
  it.each([
    ["2026-11-28T09:00:00Z", "Europe/Berlin", "Sat 28 Nov 2026, 10:00 Europe/Berlin (09:00 UTC)"],
    ["2026-11-28T11:30:00Z", "Pacific/Auckland", "Sun 29 Nov 2026, 00:30 Pacific/Auckland (Sat 28 Nov, 11:30 UTC)"],
    // Santiago falls back at midnight: 23:00-24:00 on Saturday happens twice, both named with their UTC time.
    ["2027-04-04T03:30:00Z", "America/Santiago", "Sat 3 Apr 2027, 23:30 America/Santiago (Sun 4 Apr, 03:30 UTC)"],
    ["2027-04-04T02:30:00Z", "America/Santiago", "Sat 3 Apr 2027, 23:30 America/Santiago (Sun 4 Apr, 02:30 UTC)"],
    ["2027-03-14T05:29:59Z", "America/St_Johns", "Sun 14 Mar 2027, 01:59:59 America/St_Johns (05:29:59 UTC)"],
    ["2026-11-28T09:00:00.750Z", "UTC", "Sat 28 Nov 2026, 09:00 UTC"],
    // Across a new year the UTC part names its year too (before 1970 in UTC, 1970 in Berlin).
    ["1969-12-31T23:59:59Z", "Europe/Berlin", "Thu 1 Jan 1970, 00:59:59 Europe/Berlin (Wed 31 Dec 1969, 23:59:59 UTC)"],
    ["2027-01-01T05:00:00Z", "America/New_York", "Fri 1 Jan 2027, 00:00 America/New_York (05:00 UTC)"],
    ["2027-01-01T03:00:00Z", "America/New_York", "Thu 31 Dec 2026, 22:00 America/New_York (Fri 1 Jan 2027, 03:00 UTC)"],
  ])("%s in %s", (iso, zone, text) => {
    expect(describeInstant(new Date(iso), zone)).toBe(text);
  });
});

describe("scheduleInstantProblem (the predicate of scheduling and suggestions)", () => {
  const now = new Date("2026-11-29T12:00:00Z");
  it("refuses the past and now, naming the time in the zone and UTC", () => {
    expect(
      scheduleInstantProblem({ instant: new Date("2026-11-28T09:00:00Z"), timeZone: "Europe/Berlin", now }),
    ).toEqual({ kind: "past", message: "Sat 28 Nov 2026, 10:00 Europe/Berlin (09:00 UTC) is in the past" });
    expect(scheduleInstantProblem({ instant: now, timeZone: "UTC", now })?.kind).toBe("past");
    expect(scheduleInstantProblem({ instant: new Date(now.getTime() + 1), timeZone: "UTC", now })).toBeNull();
  });

  it("refuses instants past 9999 even in the future", () => {
    const instant = new Date(Date.UTC(10000, 0, 1, 0, 30));
    expect(scheduleInstantProblem({ instant, timeZone: "UTC", now })?.kind).toBe("range");
  });
});
