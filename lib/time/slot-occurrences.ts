import { wallTimeToInstant } from "@/lib/time/wall-time-to-instant";
import { wallClockMs } from "@/lib/time/zone-offset";

const DAY_MS = 86_400_000;
const MINUTE_MS = 60_000;

/** A weekly wall-clock time: 0 = Sunday … 6 = Saturday, minutes after local midnight (0…1439). */
export type WeeklyTime = { dayOfWeek: number; minuteOfDay: number };

/**
 * Every instant in [from, to) at which the wall clock in `timeZone` reads one of `slots`, ascending, each with the
 * slot it came from (a slot given twice gives its instants twice; callers merge). DST-correct by walking the zone's
 * local calendar days: on a day on which a slot's wall time does not exist (spring-forward gap, e.g. 02:30 in
 * Europe/Berlin on the last Sunday of March) the slot is skipped that day; a wall time that happens twice
 * (fall-back) takes its first occurrence only (lib/time/wall-time-to-instant.ts). Offsets come from the runtime's
 * ICU tz data (Intl), so zones with other rules (America/Santiago's midnight changes) follow the same path.
 */
export function listSlotOccurrences({
  slots,
  timeZone,
  from,
  to,
}: {
  slots: readonly WeeklyTime[];
  timeZone: string;
  from: Date;
  to: Date;
}): { at: Date; slot: WeeklyTime }[] {
  const [fromMs, toMs] = [from.getTime(), to.getTime()];
  if (slots.length === 0 || toMs <= fromMs) return [];
  // One local day either side: a day's wall times can fall outside its UTC date by up to a day.
  const firstDay = Math.floor(wallClockMs(fromMs, timeZone) / DAY_MS) * DAY_MS - DAY_MS;
  const lastDay = Math.floor(wallClockMs(toMs, timeZone) / DAY_MS) * DAY_MS + DAY_MS;
  const byDay = new Map<number, WeeklyTime[]>();
  for (const slot of slots) byDay.set(slot.dayOfWeek, [...(byDay.get(slot.dayOfWeek) ?? []), slot]);
  const resolved = new Map<number, number | null>();
  const found: { at: Date; slot: WeeklyTime }[] = [];
  for (let day = firstDay; day <= lastDay; day += DAY_MS) {
    for (const slot of byDay.get(new Date(day).getUTCDay()) ?? []) {
      const wall = day + slot.minuteOfDay * MINUTE_MS;
      let instant = resolved.get(wall);
      if (instant === undefined) {
        const r = wallTimeToInstant(wall, timeZone);
        instant = r.kind === "gap" ? null : r.instant.getTime();
        resolved.set(wall, instant);
      }
      if (instant !== null && instant >= fromMs && instant < toMs) found.push({ at: new Date(instant), slot });
    }
  }
  return found.sort((a, b) => a.at.getTime() - b.at.getTime());
}
