import { describeInstant } from "@/lib/time/describe-time";
import { outOfRangeMessage } from "@/lib/time/instant-range";

/**
 * Why `instant` cannot be a post's publish time at `now`, or null when it can: in the past (or exactly now),
 * or outside lib/time/instant-range (1970-9999). The message names the time in `timeZone` and in UTC
 * ("Sat 28 Nov 2026, 10:00 Europe/Berlin (09:00 UTC) is in the past"). The one predicate behind both
 * checkSchedule's refusals and the suggested times, so a suggestion is never a time scheduling would refuse.
 */
export function scheduleInstantProblem({
  instant,
  timeZone,
  now,
}: {
  instant: Date;
  timeZone: string;
  now: Date;
}): { kind: "past" | "range"; message: string } | null {
  const range = outOfRangeMessage(instant, timeZone);
  if (range) return { kind: "range", message: range };
  if (instant.getTime() <= now.getTime()) {
    return { kind: "past", message: `${describeInstant(instant, timeZone)} is in the past` };
  }
  return null;
}
