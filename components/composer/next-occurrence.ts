import { formatWallClock } from "@/lib/time/format-in-zone";
import { nextWeekdayHour } from "@/lib/time/weekday-hour";
import { wallClockMs } from "@/lib/time/zone-offset";

export type WallSlot = { date: string; time: string; instant: Date };

/** An instant's wall clock in `timeZone` as the composer's date ("YYYY-MM-DD") and time ("HH:mm") fields. */
export function wallSlotOf(instant: Date, timeZone: string): WallSlot {
  const wall = formatWallClock(wallClockMs(instant.getTime(), timeZone), false);
  return { date: wall.slice(0, 10), time: wall.slice(11, 16), instant };
}

/**
 * The next future occurrence (strictly after `now`) of `dayOfWeek` (0 = Sunday) at `hour`:00 in `timeZone`, as
 * the composer's date and time fields. DST-aware through lib/time: a day on which that hour does not exist is
 * skipped to the following week; a repeated hour takes its first occurrence.
 */
export function nextOccurrence({
  dayOfWeek,
  hour,
  timeZone,
  now = new Date(),
}: {
  dayOfWeek: number;
  hour: number;
  timeZone: string;
  now?: Date;
}): WallSlot | undefined {
  const instant = nextWeekdayHour(now, dayOfWeek, hour, timeZone);
  return instant ? wallSlotOf(instant, timeZone) : undefined;
}
