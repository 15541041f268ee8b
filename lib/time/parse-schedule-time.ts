import { describeInstant, describeWallTime } from "@/lib/time/describe-time";
import { outOfRangeMessage } from "@/lib/time/instant-range";
import { isValidTimeZone } from "@/lib/time/time-zone";
import { wallTimeToInstant } from "@/lib/time/wall-time-to-instant";

export type ScheduleTimeResult =
  | { ok: true; instant: Date; input: "instant" | "wall-clock"; ambiguous: boolean }
  | { ok: false; reason: "format" | "timezone" | "gap" | "range"; message: string };

// An instant: date, time, optional seconds/fraction, then Z or ±HH:mm. A wall clock: the same without a zone.
const INSTANT = /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2})(?::(\d{2})(?:\.(\d{1,9}))?)?(Z|[+-]\d{2}:\d{2})$/i;
const WALL_CLOCK = /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2})(?::(\d{2}))?$/;

export const SCHEDULE_TIME_FORMAT_HELP =
  'an ISO 8601 instant with offset ("2026-05-01T09:00:00+02:00", "…Z") or a wall-clock time "YYYY-MM-DDTHH:mm" (optionally ":ss")';

/** Wall-clock fields encoded as UTC ms, or undefined when a field is out of range (Feb 30, 24:00, …). */
function wallFields(m: RegExpMatchArray): number | undefined {
  const [year, month, day, hour, minute, second] = [1, 2, 3, 4, 5, 6].map((i) => Number(m[i] ?? 0)) as number[];
  if (month === undefined || day === undefined || hour === undefined || minute === undefined) return undefined;
  if (month < 1 || month > 12 || hour > 23 || minute > 59 || (second ?? 0) > 59) return undefined;
  // Not Date.UTC: it reads years 0-99 as 1900-1999 ("0000-01-01" would become 1900-01-01).
  const date = new Date(0);
  date.setUTCFullYear(year ?? 0, month - 1, day);
  date.setUTCHours(hour, minute, second ?? 0, 0);
  return date.getUTCDate() === day ? date.getTime() : undefined;
}

const MONTH_NAMES = [
  "January",
  "February",
  "March",
  "April",
  "May",
  "June",
  "July",
  "August",
  "September",
  "October",
  "November",
  "December",
];

/** Why well-formed fields name no real date or time ("February 2027 has 28 days"), or undefined when they do. */
function fieldProblem(m: RegExpMatchArray): string | undefined {
  const [year, month, day, hour, minute, second] = [1, 2, 3, 4, 5, 6].map((i) => Number(m[i] ?? 0)) as number[];
  if (month === undefined || month < 1 || month > 12) return `there is no month ${m[2]}`;
  if (hour !== undefined && hour > 23) return "hours go from 00 to 23";
  if ((minute ?? 0) > 59 || (second ?? 0) > 59) return "minutes and seconds go from 00 to 59";
  // Day 0 of the next month is the last day of this one (setUTCFullYear, not Date.UTC: years 0-99 stay themselves).
  const last = new Date(0);
  last.setUTCFullYear(year ?? 0, month, 0);
  const days = last.getUTCDate();
  if (day === undefined || day < 1 || day > days) return `${MONTH_NAMES[month - 1]} ${m[1]} has ${days} days`;
  return undefined;
}

/** The refusal of a well-formed time whose fields name no real date or time, or the format refusal. */
function fieldsError(value: string, m: RegExpMatchArray | null): ScheduleTimeResult {
  const problem = m ? fieldProblem(m) : undefined;
  return {
    ok: false,
    reason: "format",
    message: problem
      ? `"${value}" names no real date or time: ${problem}`
      : `"${value}" is not ${SCHEDULE_TIME_FORMAT_HELP}`,
  };
}

/** The range refusal, naming the time in the zone and in UTC. */
function rangeError(instant: Date, timeZone: string): ScheduleTimeResult | undefined {
  const message = outOfRangeMessage(instant, timeZone);
  return message === null ? undefined : { ok: false, reason: "range", message };
}

/**
 * Reads a scheduling input. An instant with offset is taken as is (the zone is only for showing it back);
 * a wall-clock time is read in `timeZone`: a time inside a DST gap is refused naming the gap, a time inside an
 * overlap takes its first occurrence (`ambiguous: true`). Either way the instant must lie in lib/time/instant-range
 * (1970 to 9999): outside it the answer is `reason: "range"`, naming the time in `timeZone` and UTC.
 */
export function parseScheduleTime(value: string, timeZone: string): ScheduleTimeResult {
  if (!isValidTimeZone(timeZone)) {
    return {
      ok: false,
      reason: "timezone",
      message: `Unknown time zone "${timeZone}": use an IANA name such as Europe/Berlin`,
    };
  }
  const formatError = {
    ok: false,
    reason: "format",
    message: `"${value}" is not ${SCHEDULE_TIME_FORMAT_HELP}`,
  } as const;
  const instant = value.match(INSTANT);
  if (instant) {
    const wall = wallFields(instant);
    const offset = instant[8]?.toUpperCase();
    if (wall === undefined || offset === undefined) return fieldsError(value, instant);
    const [oh, om] = offset === "Z" ? [0, 0] : offset.slice(1).split(":").map(Number);
    if ((oh ?? 0) > 23 || (om ?? 0) > 59) return formatError;
    const offsetMs = (offset.startsWith("-") ? -1 : 1) * ((oh ?? 0) * 3_600_000 + (om ?? 0) * 60_000);
    const fraction = Number(`0.${instant[7] ?? "0"}`);
    const at = new Date(wall - offsetMs + Math.floor(fraction * 1000));
    return rangeError(at, timeZone) ?? { ok: true, instant: at, input: "instant", ambiguous: false };
  }
  const wallMatch = value.match(WALL_CLOCK);
  const wall = wallMatch ? wallFields(wallMatch) : undefined;
  if (wall === undefined) return fieldsError(value, wallMatch);
  const resolved = wallTimeToInstant(wall, timeZone);
  if (resolved.kind === "gap") {
    const jump = describeInstant(resolved.at, "UTC");
    const message = `${describeWallTime(wall)} does not exist in ${timeZone}: clocks jump from ${resolved.from} to ${resolved.to} at ${jump}`;
    return { ok: false, reason: "gap", message };
  }
  return (
    rangeError(resolved.instant, timeZone) ?? {
      ok: true,
      instant: resolved.instant,
      input: "wall-clock",
      ambiguous: resolved.kind === "overlap",
    }
  );
}
