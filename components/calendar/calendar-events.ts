import type { EventInput } from "@fullcalendar/core";
import { chipStateOf, isDraggable } from "@/components/calendar/status";
import type { CalendarPostView } from "@/components/hooks/use-calendar-posts";
import { formatWallClock } from "@/lib/time/format-in-zone";
import { wallClockMs } from "@/lib/time/zone-offset";

const HOUR_MS = 3_600_000;
const DAY_MS = 86_400_000;

/** The wall clock of `instant` in `timeZone` as FullCalendar reads a zone-less ISO string: "2027-09-05T01:30:00". */
export function wallClockIn(instant: Date, timeZone: string): string {
  return formatWallClock(wallClockMs(instant.getTime(), timeZone));
}

/**
 * The grid's events: each scheduled post once, at its wall-clock time in the calendar's zone, plus the shaded past.
 *
 * Starts and ends are zone-less wall-clock strings, which FullCalendar (with a named `timeZone`) places as they read:
 * the zone conversion is ours (lib/time, the runtime's tzdata), not a second one in the Luxon plugin, so a post
 * sits on its local date and time across DST transitions in any zone — 23:30 in an hour that happens twice, the
 * first hour after a midnight that never happens. A post is an instant drawn an hour tall, cut at the next local
 * midnight: an event reaching into the next day would be drawn again on that day (a second segment in week and
 * day views, a second row in month and list views). `accountColor` is the first channel's calendar colour, the chip's
 * left edge (post-calendar.tsx sets it as --ev-account).
 *
 * `movable` (default true): whether the person may move posts (posts:schedule). Without it no post can be dragged
 * (a per-event `startEditable` would override the calendar's `editable`, so it is decided here).
 */
export function toCalendarEvents(
  posts: readonly CalendarPostView[],
  timeZone: string,
  now: Date,
  movable = true,
): EventInput[] {
  const timed = posts.flatMap((post): EventInput[] => {
    if (!post.scheduledAt) return [];
    const wall = wallClockMs(Date.parse(post.scheduledAt), timeZone);
    const nextMidnight = Math.floor(wall / DAY_MS) * DAY_MS + DAY_MS;
    const chip = chipStateOf(post);
    return [
      {
        id: post.id,
        start: formatWallClock(wall),
        end: formatWallClock(Math.min(wall + HOUR_MS, nextMidnight)),
        title: `${chip.label}: ${post.content}`,
        startEditable: movable && isDraggable(post.status),
        durationEditable: false,
        classNames: ["cal-ev", `cal-ev-${chip.key}`],
        extendedProps: { post, accountColor: post.channels[0]?.color ?? null },
      },
    ];
  });
  const past: EventInput = {
    id: "past",
    start: "1970-01-01T00:00:00",
    end: wallClockIn(now, timeZone),
    display: "background",
    classNames: ["cal-past"],
  };
  return [past, ...timed];
}

/**
 * "YYYY-MM-DDTHH:mm" of a FullCalendar date string (`dateStr`, `startStr`). FullCalendar writes the slot's own wall
 * clock first and only then an offset it guessed; in a DST gap that offset is wrong (00:30 on the day Santiago's
 * midnight does not exist came out as 23:30 the day before), so only the wall clock goes to the API, with the
 * calendar's zone, for the server to resolve or refuse. Undefined when the string has no time.
 */
export function slotWallClock(fullCalendarDate: string): string | undefined {
  const match = /^(\d{4}-\d{2}-\d{2}T\d{2}:\d{2})/.exec(fullCalendarDate);
  return match?.[1];
}
