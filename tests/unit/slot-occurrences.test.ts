import { describe, expect, it } from "vitest";
import { formatInZone } from "@/lib/time/format-in-zone";
import { formatMinuteOfDay, parseMinuteOfDay } from "@/lib/time/minute-of-day";
import { listSlotOccurrences } from "@/lib/time/slot-occurrences";

// Occurrences of weekly posting slots (README "Queue"): wall clock in the zone, a gap skips that day, an overlap
// takes its first occurrence. Expected instants are worked out from the zones' published rules (tzdata).

const at = (iso: string) => new Date(iso);
const list = (zone: string, slots: { dayOfWeek: number; minuteOfDay: number }[], from: string, to: string) =>
  listSlotOccurrences({ slots, timeZone: zone, from: at(from), to: at(to) }).map((o) => o.at.toISOString());

describe("parseMinuteOfDay / formatMinuteOfDay", () => {
  it("reads and writes HH:mm", () => {
    expect(parseMinuteOfDay("09:15")).toBe(555);
    expect(parseMinuteOfDay("00:00")).toBe(0);
    expect(parseMinuteOfDay("23:59")).toBe(1439);
    for (const bad of ["24:00", "9:15", "09:60", "09:15:00", "", " 09:15"]) expect(parseMinuteOfDay(bad)).toBeNull();
    expect(formatMinuteOfDay(555)).toBe("09:15");
    expect(formatMinuteOfDay(0)).toBe("00:00");
    expect(formatMinuteOfDay(1439)).toBe("23:59");
    for (let m = 0; m < 1440; m += 7) expect(parseMinuteOfDay(formatMinuteOfDay(m))).toBe(m);
  });
});

describe("listSlotOccurrences", () => {
  it("gives Mon-Fri 09:15 in Berlin as that wall clock, winter and summer offsets", () => {
    const weekdays = [1, 2, 3, 4, 5].map((dayOfWeek) => ({ dayOfWeek, minuteOfDay: 555 }));
    const found = listSlotOccurrences({
      slots: weekdays,
      timeZone: "Europe/Berlin",
      from: at("2027-03-24T00:00:00Z"),
      to: at("2027-04-01T00:00:00Z"),
    }).map((o) => formatInZone(o.at, "Europe/Berlin"));
    expect(found).toEqual([
      "2027-03-24T09:15:00+01:00",
      "2027-03-25T09:15:00+01:00",
      "2027-03-26T09:15:00+01:00",
      "2027-03-29T09:15:00+02:00",
      "2027-03-30T09:15:00+02:00",
      "2027-03-31T09:15:00+02:00",
    ]);
  });

  it("skips a Berlin 02:30 slot on the spring-forward Sunday (28 Mar 2027: 02:00 → 03:00)", () => {
    const sunday0230 = [{ dayOfWeek: 0, minuteOfDay: 150 }];
    expect(list("Europe/Berlin", sunday0230, "2027-03-15T00:00:00Z", "2027-04-08T00:00:00Z")).toEqual([
      "2027-03-21T01:30:00.000Z", // 02:30 CET
      "2027-04-04T00:30:00.000Z", // 02:30 CEST; 28 March has no 02:30
    ]);
    // Its neighbours on that Sunday exist: 01:59 CET and 03:00 CEST.
    const around = [
      { dayOfWeek: 0, minuteOfDay: 119 },
      { dayOfWeek: 0, minuteOfDay: 180 },
    ];
    expect(list("Europe/Berlin", around, "2027-03-27T12:00:00Z", "2027-03-28T12:00:00Z")).toEqual([
      "2027-03-28T00:59:00.000Z",
      "2027-03-28T01:00:00.000Z",
    ]);
  });

  it("takes the first occurrence of a Berlin 02:30 slot on the fall-back Sunday (31 Oct 2027: 03:00 → 02:00)", () => {
    const sunday0230 = [{ dayOfWeek: 0, minuteOfDay: 150 }];
    expect(list("Europe/Berlin", sunday0230, "2027-10-30T00:00:00Z", "2027-11-08T00:00:00Z")).toEqual([
      "2027-10-31T00:30:00.000Z", // 02:30 CEST (+02:00), not 01:30Z (+01:00)
      "2027-11-07T01:30:00.000Z",
    ]);
    // Starting between the two occurrences: the second is not offered (one occurrence per slot and day).
    expect(list("Europe/Berlin", sunday0230, "2027-10-31T01:00:00Z", "2027-11-01T00:00:00Z")).toEqual([]);
  });

  it("follows America/Santiago's midnight changes: Sunday 00:30 skipped on 5 Sep 2027, Saturday 23:30 first on 3 Apr 2027", () => {
    // DST starts at 24:00 on Saturday 4 Sep 2027: Sunday 00:00-00:59 does not exist.
    const sunday0030 = [{ dayOfWeek: 0, minuteOfDay: 30 }];
    expect(list("America/Santiago", sunday0030, "2027-08-28T00:00:00Z", "2027-09-14T00:00:00Z")).toEqual([
      "2027-08-29T04:30:00.000Z", // 00:30 -04:00
      "2027-09-12T03:30:00.000Z", // 00:30 -03:00; 5 September skipped
    ]);
    // DST ends at 24:00 on Saturday 3 Apr 2027 (back to 23:00): Saturday 23:30 happens twice; the first is at -03:00.
    const saturday2330 = [{ dayOfWeek: 6, minuteOfDay: 1410 }];
    expect(list("America/Santiago", saturday2330, "2027-03-30T00:00:00Z", "2027-04-12T00:00:00Z")).toEqual([
      "2027-04-04T02:30:00.000Z",
      "2027-04-11T03:30:00.000Z",
    ]);
  });

  it("keeps [from, to): an instant equal to `to` is left out, one equal to `from` kept; sorted across slots", () => {
    const slots = [
      { dayOfWeek: 2, minuteOfDay: 600 },
      { dayOfWeek: 1, minuteOfDay: 600 },
    ];
    expect(list("UTC", slots, "2027-01-04T10:00:00Z", "2027-01-11T10:00:00Z")).toEqual([
      "2027-01-04T10:00:00.000Z",
      "2027-01-05T10:00:00.000Z",
    ]);
    expect(list("UTC", [], "2027-01-04T10:00:00Z", "2027-01-11T10:00:00Z")).toEqual([]);
    expect(list("UTC", slots, "2027-01-11T10:00:00Z", "2027-01-04T10:00:00Z")).toEqual([]);
  });

  it("gives each slot once a week over 12 weeks, in any zone (property)", () => {
    for (const zone of ["Europe/Berlin", "America/Santiago", "Australia/Lord_Howe", "Asia/Kolkata", "UTC"]) {
      const slots = [
        { dayOfWeek: 3, minuteOfDay: 12 * 60 + 45 },
        { dayOfWeek: 6, minuteOfDay: 7 * 60 },
      ];
      const found = listSlotOccurrences({
        slots,
        timeZone: zone,
        from: at("2027-01-01T00:00:00Z"),
        to: at("2027-03-26T00:00:00Z"),
      });
      expect(found, zone).toHaveLength(24);
      for (const o of found) {
        const local = formatInZone(o.at, zone);
        expect(local.slice(11, 16), zone).toBe(formatMinuteOfDay(o.slot.minuteOfDay));
        expect(new Date(`${local.slice(0, 10)}T00:00:00Z`).getUTCDay(), zone).toBe(o.slot.dayOfWeek);
      }
    }
  });
});
