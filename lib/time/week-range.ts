import { wallTimeToInstant } from "@/lib/time/wall-time-to-instant";
import { wallClockMs } from "@/lib/time/zone-offset";

const DAY_MS = 86_400_000;

/** The instant a local midnight (as wall ms) begins in `timeZone`; a midnight skipped by DST: when the day begins. */
function midnightInstant(wallMs: number, timeZone: string): Date {
  const resolved = wallTimeToInstant(wallMs, timeZone);
  return resolved.kind === "gap" ? resolved.at : resolved.instant;
}

/**
 * The week that holds `instant` as the calendar shows it in `timeZone`: `[start, end)`, from the local midnight
 * starting the week's first day (`weekStart` "monday" | "sunday", the workspace setting FullCalendar gets as
 * `firstDay`) to the next week's. A midnight skipped by DST (America/Santiago, Asia/Beirut) starts at the first
 * instant of that day. Weeks across a DST change last 167 or 169 hours.
 */
export function weekRange({
  instant,
  timeZone,
  weekStart,
}: {
  instant: Date;
  timeZone: string;
  weekStart: "monday" | "sunday";
}): { start: Date; end: Date } {
  const wall = wallClockMs(instant.getTime(), timeZone);
  const dayWall = Math.floor(wall / DAY_MS) * DAY_MS;
  const weekday = new Date(dayWall).getUTCDay(); // 0 = Sunday
  const back = (weekday - (weekStart === "sunday" ? 0 : 1) + 7) % 7;
  const startWall = dayWall - back * DAY_MS;
  return { start: midnightInstant(startWall, timeZone), end: midnightInstant(startWall + 7 * DAY_MS, timeZone) };
}
