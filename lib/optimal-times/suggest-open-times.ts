import type { Db as MongoDb } from "mongodb";
import { type Db, getPrisma } from "@/lib/db/prisma";
import type { Platform } from "@/lib/generated/prisma/enums";
import { type SuggestedTime, suggestTimes } from "@/lib/optimal-times/suggest-times";
import type { SuggestedTimesResponse } from "@/lib/schemas/suggested-times";
import { formatInZone } from "@/lib/time/format-in-zone";
import { scheduleInstantProblem } from "@/lib/time/schedule-instant-problem";

/** Suggestions keep this far from each other and from every post already scheduled (as the evergreen rotation). */
export const SUGGESTION_GAP_MINUTES = 60;

/**
 * The composer's one-click times: `count` future instants at the workspace's best slots for `platform` in
 * `timezone` (suggestTimes), after `from` (a past instant counts as now), kept SUGGESTION_GAP_MINUTES away from
 * posts already scheduled or publishing in the workspace so a click does not stack two posts on one hour.
 * Every time answered passes scheduling's own check (scheduleInstantProblem) at the moment of answering, read
 * from `clock` after the work is done: a slot that went by while the metrics were read is replaced by a later one.
 */
export async function suggestOpenTimes(input: {
  db?: Db;
  mongo?: MongoDb;
  workspaceId: string;
  platform: Platform;
  timezone: string;
  count: number;
  from?: Date;
  /** Read at the start and again when answering (default: the system clock). */
  clock?: () => Date;
}): Promise<SuggestedTimesResponse> {
  const clock = input.clock ?? (() => new Date());
  let now = clock();
  let times = await suggestAfter(input, input.from && input.from > now ? input.from : now);
  // The answer must hold when it is sent: if the clock passed a suggestion while we worked, start again from now.
  for (let attempt = 0; attempt < 3; attempt++) {
    now = clock();
    const at = now;
    if (times.every((t) => !scheduleInstantProblem({ instant: t.at, timeZone: input.timezone, now: at }))) break;
    times = await suggestAfter(input, input.from && input.from > now ? input.from : now);
  }
  const answerNow = now;
  times = times.filter((t) => !scheduleInstantProblem({ instant: t.at, timeZone: input.timezone, now: answerNow }));
  return {
    timezone: input.timezone,
    platform: input.platform,
    fallback: times[0]?.fallback ?? false,
    times: times.map((t) => ({
      scheduledAt: t.at.toISOString(),
      scheduledAtLocal: formatInZone(t.at, input.timezone),
      dayOfWeek: t.dayOfWeek,
      hour: t.hour,
      score: t.score,
    })),
  };
}

/** The suggestions strictly after `from`, clear of the workspace's scheduled and publishing posts. */
async function suggestAfter(
  input: { db?: Db; mongo?: MongoDb; workspaceId: string; platform: Platform; timezone: string; count: number },
  from: Date,
): Promise<SuggestedTime[]> {
  const db = input.db ?? getPrisma();
  const taken = await db.post.findMany({
    where: {
      workspaceId: input.workspaceId,
      status: { in: ["SCHEDULED", "PUBLISHING"] },
      scheduledAt: { gt: new Date(from.getTime() - SUGGESTION_GAP_MINUTES * 60_000) },
    },
    select: { scheduledAt: true },
  });
  return suggestTimes({
    db,
    mongo: input.mongo,
    workspaceId: input.workspaceId,
    platform: input.platform,
    timezone: input.timezone,
    count: input.count,
    from,
    minGapMinutes: SUGGESTION_GAP_MINUTES,
    taken: taken.flatMap((t) => (t.scheduledAt ? [t.scheduledAt] : [])),
  });
}
