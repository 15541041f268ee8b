import { describe, expect, it } from "vitest";
import { formatDateTime, formatWallTime, humanizeInstants } from "@/lib/time/format-date-time";

// ICU puts narrow no-break spaces in some locales' times ("9:00 AM"): compare with plain spaces.
const plain = (s: string) => s.replace(/\s/g, " ");
const ISO = /\d{4}-\d{2}-\d{2}T\d{2}:\d{2}/;

describe("formatDateTime", () => {
  it("writes the instant in the reader's locale and the workspace's zone, with the zone's name", () => {
    const at = "2026-12-01T08:00:00Z";
    expect(formatDateTime(at, { timeZone: "Europe/Berlin", locale: "en-GB" })).toBe("Tue, 1 Dec 2026, 09:00 CET");
    expect(formatDateTime(at, { timeZone: "Europe/Berlin", locale: "de-DE" })).toBe("Di., 1. Dez. 2026, 09:00 MEZ");
    expect(plain(formatDateTime(at, { timeZone: "America/New_York", locale: "en-US" }))).toBe(
      "Tue, Dec 1, 2026, 3:00 AM EST",
    );
    // The same instant is a different day on the other side of the date line.
    expect(formatDateTime("2026-12-01T12:30:00Z", { timeZone: "Pacific/Auckland", locale: "en-GB" })).toBe(
      "Wed, 2 Dec 2026, 01:30 GMT+13",
    );
  });

  it("follows DST: the last second before spring-forward and the first after", () => {
    const o = { timeZone: "Europe/Berlin", locale: "en-GB" };
    expect(formatDateTime(new Date("2026-03-29T00:59:59Z"), o)).toBe("Sun, 29 Mar 2026, 01:59 CET");
    expect(formatDateTime(new Date("2026-03-29T01:00:00Z"), o)).toBe("Sun, 29 Mar 2026, 03:00 CEST");
    const ny = { timeZone: "America/New_York", locale: "en-US" };
    expect(plain(formatDateTime("2026-03-08T07:00:00Z", ny))).toBe("Sun, Mar 8, 2026, 3:00 AM EDT");
  });

  it("tells the two readings of a fall-back hour apart by the zone's name", () => {
    const o = { timeZone: "Europe/Berlin", locale: "en-GB" };
    expect(formatDateTime("2026-10-25T00:30:00Z", o)).toBe("Sun, 25 Oct 2026, 02:30 CEST");
    expect(formatDateTime("2026-10-25T01:30:00Z", o)).toBe("Sun, 25 Oct 2026, 02:30 CET");
  });

  it("handles half-hour DST (Lord Howe: +10:30 in winter, +11 in summer)", () => {
    const o = { timeZone: "Australia/Lord_Howe", locale: "en-GB" };
    expect(formatDateTime("2026-06-01T00:00:00Z", o)).toBe("Mon, 1 Jun 2026, 10:30 GMT+10:30");
    expect(formatDateTime("2026-12-01T00:00:00Z", o)).toBe("Tue, 1 Dec 2026, 11:00 GMT+11");
  });

  it("leaves the year out only when it is the current year in that zone", () => {
    const o = { timeZone: "Europe/Berlin", locale: "en-GB" };
    expect(formatDateTime("2026-12-01T08:00:00Z", { ...o, now: new Date("2026-06-01T00:00:00Z") })).toBe(
      "Tue 1 Dec, 09:00 CET",
    );
    // 31 Dec 23:30 UTC is already next year in Berlin: the year is the zone's, not UTC's.
    expect(formatDateTime("2026-12-31T23:30:00Z", { ...o, now: new Date("2026-12-31T12:00:00Z") })).toBe(
      "Fri, 1 Jan 2027, 00:30 CET",
    );
  });

  it("returns an unreadable input as it came, and refuses an unknown zone as Intl does", () => {
    expect(formatDateTime("not a date", { timeZone: "UTC" })).toBe("not a date");
    expect(() => formatDateTime("2026-12-01T08:00:00Z", { timeZone: "Mars/Olympus" })).toThrow(RangeError);
  });
});

describe("humanizeInstants", () => {
  const o = { timeZone: "Europe/Berlin", locale: "en-GB" };

  it("rewrites every ISO instant of a message (Z, offset, fraction), so no ISO string reaches a person", () => {
    // The shapes lib/ writes: in-flight-conflict's retryAt, evergreen's "published … eligible again from …".
    const conflict = "Post p1 is being sent to a channel right now; retry it after 2026-12-01T08:00:00.123Z (in 3 s)";
    expect(humanizeInstants(conflict, o)).toBe(
      "Post p1 is being sent to a channel right now; retry it after Tue, 1 Dec 2026, 09:00 CET (in 3 s)",
    );
    const evergreen =
      "published 2026-07-01T10:00:00.000Z, less than 30 days ago; eligible again from 2026-07-31T10:00:00+02:00";
    const out = humanizeInstants(evergreen, o);
    expect(out).toBe(
      "published Wed, 1 Jul 2026, 12:00 CEST, less than 30 days ago; eligible again from Fri, 31 Jul 2026, 10:00 CEST",
    );
    expect(out).not.toMatch(ISO);
  });

  it("leaves wall-clock times (no zone: not instants) and text without dates alone", () => {
    expect(humanizeInstants('"2026-05-01T09:00" does not exist in Europe/Berlin', o)).toBe(
      '"2026-05-01T09:00" does not exist in Europe/Berlin',
    );
    expect(humanizeInstants("Channel not found", o)).toBe("Channel not found");
  });
});

describe("formatWallTime", () => {
  it("writes a slot's wall clock on the reader's clock, as formatDateTime writes the toast about it", () => {
    expect(plain(formatWallTime("09:15", "en-US"))).toBe("9:15 AM");
    expect(plain(formatWallTime("21:05", "en-US"))).toBe("9:05 PM");
    expect(plain(formatWallTime("00:30", "en-US"))).toBe("12:30 AM");
    expect(formatWallTime("09:15", "en-GB")).toBe("09:15");
    expect(formatWallTime("23:59", "de-DE")).toBe("23:59");
    // The same clock as the toast for the same slot (Europe/Berlin, 2026-12-01 09:15 local = 08:15Z).
    const toast = plain(formatDateTime("2026-12-01T08:15:00Z", { timeZone: "Europe/Berlin", locale: "en-US" }));
    expect(toast).toContain(plain(formatWallTime("09:15", "en-US")));
  });

  it("returns what is not an HH:mm time unchanged", () => {
    for (const odd of ["24:00", "9:15", "09:60", "", "noon"]) expect(formatWallTime(odd, "en-US")).toBe(odd);
  });
});
