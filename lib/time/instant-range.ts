import { describeInstant } from "@/lib/time/describe-time";

/**
 * The instants Cadence accepts from input, both ends inclusive: 1970-01-01T00:00:00.000Z to
 * 9999-12-31T23:59:59.999Z. Earlier times are never a post's or a metric's time, and the two-digit trap of
 * `Date.UTC(0, …)` (year 0 read as 1900) lives down there; later ones leave ISO 8601's four-digit years (what
 * `Date#toISOString` writes unsigned and what our schemas read back). Both ends round-trip through JS `Date`
 * (±8.64e15 ms) and PostgreSQL `timestamptz` (4713 BC – 294276 AD).
 */
export const EARLIEST_INSTANT_MS = Date.UTC(1970, 0, 1);
export const LATEST_INSTANT_MS = Date.UTC(9999, 11, 31, 23, 59, 59, 999);

export const INSTANT_RANGE_HELP = "between 1970-01-01T00:00:00Z and 9999-12-31T23:59:59Z";

/** "before" / "after" when `instant` is outside the accepted range (or not a valid Date: "before"), else null. */
export function instantOutOfRange(instant: Date): "before" | "after" | null {
  const ms = instant.getTime();
  if (Number.isNaN(ms) || ms < EARLIEST_INSTANT_MS) return "before";
  return ms > LATEST_INSTANT_MS ? "after" : null;
}

/**
 * The refusal of an instant outside the range, naming it in `timeZone` and UTC
 * ("Mon 1 Jan 0000, 00:00 UTC is before 1970: times must be between …"), or null when it is inside.
 */
export function outOfRangeMessage(instant: Date, timeZone: string): string | null {
  const side = instantOutOfRange(instant);
  if (!side) return null;
  return `${describeInstant(instant, timeZone)} is ${side === "before" ? "before 1970" : "after 9999"}: times must be ${INSTANT_RANGE_HELP}`;
}
