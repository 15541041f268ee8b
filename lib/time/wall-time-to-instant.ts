import { formatWallClock } from "@/lib/time/format-in-zone";
import { zoneOffsetMs } from "@/lib/time/zone-offset";

export type WallTimeResolution =
  | { kind: "exact"; instant: Date }
  /** The wall time happens twice (clocks go back); `instant` is the first occurrence, `later` the second. */
  | { kind: "overlap"; instant: Date; later: Date }
  /** The wall time never happens (clocks jump forward from `from` to `to`, both local wall times, at instant `at`). */
  | { kind: "gap"; from: string; to: string; at: Date };

const DAY_MS = 86_400_000;

/** First instant in (lo, hi] whose offset differs from the offset at lo (a transition is assumed inside). */
function findTransition(lo: number, hi: number, timeZone: string): number {
  const before = zoneOffsetMs(lo, timeZone);
  let a = lo;
  let b = hi;
  while (b - a > 1000) {
    const mid = a + Math.floor((b - a) / 2000) * 1000;
    if (zoneOffsetMs(mid, timeZone) === before) a = mid;
    else b = mid;
  }
  return b;
}

/**
 * The UTC instant(s) of a wall-clock time in an IANA zone. `wallMs` is the wall clock encoded as if it were
 * UTC (Date.UTC(y, m - 1, d, h, min, s)).
 *
 * Candidate offsets are the zone's offsets a day either side; a candidate is real only when the instant
 * it gives shows the same wall clock again (the round trip). Two real candidates: an overlap, and we keep
 * the earlier instant (date-fns-tz's fromZonedTime would return the later one). None: a gap. This assumes
 * a zone changes its offset at most once within a day of any wall time, true of every zone in tzdata.
 */
export function wallTimeToInstant(wallMs: number, timeZone: string): WallTimeResolution {
  const offsets = new Set([-DAY_MS, 0, DAY_MS].map((d) => zoneOffsetMs(wallMs + d, timeZone)));
  const instants = [...offsets]
    .map((offset) => wallMs - offset)
    .filter((instant) => zoneOffsetMs(instant, timeZone) === wallMs - instant)
    .sort((a, b) => a - b);
  const [first, last] = [instants[0], instants[instants.length - 1]];
  if (first !== undefined && last !== undefined) {
    return first === last
      ? { kind: "exact", instant: new Date(first) }
      : { kind: "overlap", instant: new Date(first), later: new Date(last) };
  }
  // Gap: before the jump the zone ran at a smaller offset. Find the jump between the two readings of the wall time.
  const sorted = [...offsets].sort((a, b) => a - b);
  const lo = wallMs - (sorted[sorted.length - 1] ?? 0);
  const hi = wallMs - (sorted[0] ?? 0);
  const transition = findTransition(lo, hi, timeZone);
  const fromWall = transition + zoneOffsetMs(transition - 1000, timeZone);
  const toWall = transition + zoneOffsetMs(transition, timeZone);
  return {
    kind: "gap",
    from: describeWall(fromWall, wallMs),
    to: describeWall(toWall, wallMs),
    at: new Date(transition),
  };
}

/** "02:00" when on the same day as the requested wall time, else the full "2011-12-31T00:00". */
function describeWall(wall: number, requested: number): string {
  const text = formatWallClock(wall, wall % 60_000 !== 0);
  const sameDay = Math.floor(wall / DAY_MS) === Math.floor(requested / DAY_MS);
  return sameDay ? text.slice(11) : text;
}
