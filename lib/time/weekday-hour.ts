import { wallTimeToInstant } from "@/lib/time/wall-time-to-instant";
import { wallClockMs, zoneOffsetMs } from "@/lib/time/zone-offset";

const DAY_MS = 86_400_000;
const HOUR_MS = 3_600_000;

/** Day of week (0 = Sunday … 6 = Saturday) and hour (0-23) of the wall clock in `timeZone` at `instant`. */
export function weekdayHourInZone(instant: Date, timeZone: string): { dayOfWeek: number; hour: number } {
  const wall = new Date(wallClockMs(instant.getTime(), timeZone));
  return { dayOfWeek: wall.getUTCDay(), hour: wall.getUTCHours() };
}

/**
 * weekdayHourInZone for many instants in one zone (the calculator's 20,000 posts): the zone's offset is read once
 * per UTC hour the instants fall in — Intl formatting costs microseconds per call — and used for every instant of
 * that hour when it is the same at the hour's start and end. An hour holding an offset change (a DST transition,
 * on the hour or at :30/:45 in some zones) is resolved instant by instant, as weekdayHourInZone does.
 */
export function weekdayHourReader(timeZone: string): (instant: Date) => { dayOfWeek: number; hour: number } {
  const offsets = new Map<number, number | null>();
  return (instant) => {
    const ms = instant.getTime();
    const hourStart = Math.floor(ms / HOUR_MS) * HOUR_MS;
    let offset = offsets.get(hourStart);
    if (offset === undefined) {
      const atStart = zoneOffsetMs(hourStart, timeZone);
      offset = atStart === zoneOffsetMs(hourStart + HOUR_MS - 1000, timeZone) ? atStart : null;
      offsets.set(hourStart, offset);
    }
    const wall = new Date(offset === null ? wallClockMs(ms, timeZone) : ms + offset);
    return { dayOfWeek: wall.getUTCDay(), hour: wall.getUTCHours() };
  };
}

/**
 * The first instant strictly after `after` whose wall clock in `timeZone` reads `dayOfWeek` at `hour`:00.
 * Walks local calendar days, so it is DST-correct: a day on which that hour does not exist (spring-forward gap)
 * is skipped to the next week's occurrence; an hour that happens twice (fall-back) takes its first occurrence.
 * `maxWeeks` bounds the search (a zone in which the hour never exists returns undefined).
 */
export function nextWeekdayHour(
  after: Date,
  dayOfWeek: number,
  hour: number,
  timeZone: string,
  maxWeeks = 520,
): Date | undefined {
  const afterMs = after.getTime();
  // Local midnight (as wall ms) of the day `after` falls on, then forward to the wanted weekday.
  const startWall = Math.floor(wallClockMs(afterMs, timeZone) / DAY_MS) * DAY_MS;
  const shift = (dayOfWeek - new Date(startWall).getUTCDay() + 7) % 7;
  for (let week = 0; week <= maxWeeks; week++) {
    const wall = startWall + (shift + week * 7) * DAY_MS + hour * 3_600_000;
    const resolved = wallTimeToInstant(wall, timeZone);
    if (resolved.kind === "gap") continue;
    if (resolved.instant.getTime() > afterMs) return resolved.instant;
    // The first occurrence is not after `after`, but in an overlap the second one may be: not this hour's
    // "first occurrence" rule, so keep to whole-week steps for predictability.
  }
  return undefined;
}
