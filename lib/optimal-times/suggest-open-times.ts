import type { Db as MongoDb } from "mongodb";
import { type Db, getPrisma } from "@/lib/db/prisma";
import type { Platform } from "@/lib/generated/prisma/enums";
import { suggestTimes } from "@/lib/optimal-times/suggest-times";
import type { SuggestedTimesResponse } from "@/lib/schemas/suggested-times";
import { formatInZone } from "@/lib/time/format-in-zone";

/** Suggestions keep this far from each other and from every post already scheduled (as the evergreen rotation). */
export const SUGGESTION_GAP_MINUTES = 60;

/**
 * The composer's one-click times: `count` future instants at the workspace's best slots for `platform` in
 * `timezone` (suggestTimes), after `from` (a past instant counts as now), kept SUGGESTION_GAP_MINUTES away from
 * posts already scheduled or publishing in the workspace so a click does not stack two posts on one hour.
 */
export async function suggestOpenTimes(input: {
  db?: Db;
  mongo?: MongoDb;
  workspaceId: string;
  platform: Platform;
  timezone: string;
  count: number;
  from?: Date;
  now?: Date;
}): Promise<SuggestedTimesResponse> {
  const db = input.db ?? getPrisma();
  const now = input.now ?? new Date();
  const from = input.from && input.from > now ? input.from : now;
  const taken = await db.post.findMany({
    where: {
      workspaceId: input.workspaceId,
      status: { in: ["SCHEDULED", "PUBLISHING"] },
      scheduledAt: { gt: new Date(from.getTime() - SUGGESTION_GAP_MINUTES * 60_000) },
    },
    select: { scheduledAt: true },
  });
  const times = await suggestTimes({
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
