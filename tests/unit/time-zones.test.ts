import { describe, expect, it } from "vitest";
import { allTimeZones, currentZoneName, formerZoneName, RENAMED_ZONES } from "@/components/calendar/time-zones";

const offsetAt = (zone: string, at: Date) =>
  new Intl.DateTimeFormat("en-GB", { timeZone: zone, timeZoneName: "longOffset" })
    .formatToParts(at)
    .find((p) => p.type === "timeZoneName")?.value;

describe("zone picker names", () => {
  it("offers the current IANA names that people search for", () => {
    const zones = allTimeZones();
    for (const zone of ["Asia/Kolkata", "Europe/Kyiv", "Asia/Ho_Chi_Minh", "America/Nuuk", "Asia/Kathmandu"]) {
      expect(zones).toContain(zone);
    }
    for (const former of Object.keys(RENAMED_ZONES)) expect(zones).not.toContain(former);
    expect(zones[0]).toBe("UTC");
  });

  it("keeps every zone the runtime knows, renamed or as it is, each once", () => {
    const zones = allTimeZones();
    expect(new Set(zones).size).toBe(zones.length);
    for (const zone of Intl.supportedValuesOf("timeZone")) expect(zones).toContain(currentZoneName(zone));
  });

  it("a workspace still on a former name keeps it selectable", () => {
    expect(allTimeZones("Asia/Calcutta")).toContain("Asia/Calcutta");
  });

  it("each rename is the same place: a valid zone with the former name's offsets through 1990-2030", () => {
    for (const [former, current] of Object.entries(RENAMED_ZONES)) {
      expect(() => new Intl.DateTimeFormat("en", { timeZone: current }), current).not.toThrow();
      expect(formerZoneName(current)).toBe(former);
      for (let year = 1990; year <= 2030; year += 5) {
        for (const month of [0, 6]) {
          const at = new Date(Date.UTC(year, month, 15, 12));
          expect(offsetAt(current, at), `${current} ${at.toISOString()}`).toBe(offsetAt(former, at));
        }
      }
    }
  });
});
