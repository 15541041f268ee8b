import type { Db as MongoDb } from "mongodb";
import type { Db } from "@/lib/db/prisma";
import type { Platform } from "@/lib/generated/prisma/enums";
import { getOptimalTimes } from "@/lib/optimal-times/optimal-times";
import { scheduleInstantProblem } from "@/lib/time/schedule-instant-problem";
import { nextWeekdayHour } from "@/lib/time/weekday-hour";

/** A slot to place posts in: a day of week (0 = Sunday) and hour in the zone, best first. */
export type RankedSlot = { dayOfWeek: number; hour: number; score: number };

export type SuggestedTime = {
  /** The instant (UTC) to schedule at: `hour`:00 on `dayOfWeek` in the requested zone. */
  at: Date;
  dayOfWeek: number;
  hour: number;
  /** The slot's 0-100 score. */
  score: number;
  /** True when the slot is a documented per-platform default (the workspace has too little data). */
  fallback: boolean;
};

export type PickTimesInput = {
  /** Slots best first (e.g. the calculator's top 20). */
  slots: ReadonlyArray<RankedSlot>;
  count: number;
  timezone: string;
  /** Every suggestion is strictly after this instant. */
  from: Date;
  /** No two suggestions (nor a suggestion and a `taken` instant) closer than this. */
  minGapMinutes: number;
  /** Instants already in use (e.g. posts scheduled on the same channels). */
  taken?: ReadonlyArray<Date>;
};

/**
 * Pure core of suggestTimes: turns ranked slots into `count` concrete instants, sorted ascending.
 *
 * Round-robin over the slots in rank order: pass 1 gives each slot its next occurrence after `from`, pass 2 each
 * slot's following occurrence, and so on (weeks ahead as needed), so a batch spreads over the good slots instead
 * of stacking weeks of posts on the single best one. An occurrence closer than `minGapMinutes` to a chosen or
 * taken instant moves that slot to its next week. Occurrences are found in the zone's calendar (lib/time), so a
 * slot hour inside a DST gap skips to the next week on which it exists. Every instant passes the predicate
 * scheduling uses (scheduleInstantProblem at `from`): a slot whose next occurrence it would refuse (past 9999) is
 * done. Returns fewer than `count` only when `slots` is empty or the slots run out of acceptable instants.
 */
export function pickSuggestedTimes(input: PickTimesInput, fallback = false): SuggestedTime[] {
  const { slots, count, timezone, from, minGapMinutes } = input;
  const gapMs = Math.max(0, minGapMinutes) * 60_000;
  const occupied = (input.taken ?? []).map((d) => d.getTime());
  const cursors = slots.map(() => from);
  const exhausted = slots.map(() => false);
  const chosen: SuggestedTime[] = [];
  const conflicts = (t: number) => gapMs > 0 && occupied.some((o) => Math.abs(o - t) < gapMs);

  while (chosen.length < count && exhausted.some((e) => !e)) {
    for (const [i, slot] of slots.entries()) {
      if (chosen.length >= count) break;
      if (exhausted[i]) continue;
      let at = nextWeekdayHour(cursors[i] ?? from, slot.dayOfWeek, slot.hour, timezone);
      while (at && conflicts(at.getTime())) at = nextWeekdayHour(at, slot.dayOfWeek, slot.hour, timezone);
      if (!at || scheduleInstantProblem({ instant: at, timeZone: timezone, now: from })) {
        exhausted[i] = true;
        continue;
      }
      cursors[i] = at;
      occupied.push(at.getTime());
      chosen.push({ at, dayOfWeek: slot.dayOfWeek, hour: slot.hour, score: slot.score, fallback });
    }
  }
  return chosen.sort((a, b) => a.at.getTime() - b.at.getTime());
}

export type SuggestTimesInput = Omit<PickTimesInput, "slots"> & {
  db?: Db;
  /** The metrics database (default: lib/db/mongo's). */
  mongo?: MongoDb;
  workspaceId: string;
  platform: Platform;
};

/**
 * `count` concrete future instants for posting to `platform`: the next occurrences of the workspace's best slots
 * (from the optimal-time calculator over the default window), or of the documented per-platform defaults when
 * it has too little data. See pickSuggestedTimes for the rules (after `from`, gaps, spread, DST).
 */
export async function suggestTimes(input: SuggestTimesInput): Promise<SuggestedTime[]> {
  const { db, mongo, workspaceId, platform, ...pick } = input;
  const optimal = await getOptimalTimes({ db, mongo, workspaceId, platform, timezone: pick.timezone });
  return pickSuggestedTimes({ ...pick, slots: optimal.slots }, optimal.fallback);
}
