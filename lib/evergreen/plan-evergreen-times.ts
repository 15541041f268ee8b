import type { Db as MongoDb } from "mongodb";
import { ApiError } from "@/lib/api/errors";
import type { Db } from "@/lib/db/prisma";
import { rotationChannels } from "@/lib/evergreen/find-evergreen-posts";
import type { Platform } from "@/lib/generated/prisma/enums";
import { logger } from "@/lib/log";
import { suggestTimes } from "@/lib/optimal-times/suggest-times";
import type { SchedulablePost } from "@/lib/scheduling/check-schedule";

const log = logger("api:evergreen");

type Ranked = SchedulablePost & { priority: number };

/**
 * A time for each ranked post. Posts are grouped by platform (the given one, else each post's first active
 * channel's); each group asks suggestTimes for as many instants as it has posts, with every instant already
 * taken (scheduled posts, earlier groups) kept `minGapMinutes` away. Within a group the highest priority gets
 * the earliest instant, so the most overdue post goes out first. Returned in the input (priority) order.
 */
export async function planEvergreenTimes({
  db,
  mongo,
  workspaceId,
  posts,
  platform,
  timezone,
  from,
  minGapMinutes,
  taken,
}: {
  db: Db;
  mongo?: MongoDb;
  workspaceId: string;
  posts: readonly Ranked[];
  platform?: Platform;
  timezone: string;
  from: Date;
  minGapMinutes: number;
  taken: readonly Date[];
}): Promise<{ post: Ranked; priority: number; platform: Platform; at: Date }[]> {
  const groups = new Map<Platform, Ranked[]>();
  for (const post of posts) {
    const target = platform ?? rotationChannels(post)[0]?.platform;
    if (!target) throw new ApiError("unprocessable", `Post ${post.id} has no active channel`, { postId: post.id });
    groups.set(target, [...(groups.get(target) ?? []), post]);
  }
  const occupied = [...taken];
  const timeOf = new Map<string, { at: Date; platform: Platform }>();
  for (const [target, group] of groups) {
    const times = await suggestTimes({
      db,
      mongo,
      workspaceId,
      platform: target,
      timezone,
      from,
      count: group.length,
      minGapMinutes,
      taken: occupied,
    }).catch((err: unknown) => {
      if (err instanceof ApiError) throw err;
      // The metrics store (or the database) did not answer: a known outage, not a bug. Nothing is written yet.
      log.error({ err, workspaceId, platform: target }, "could not suggest times for the rotation");
      throw new ApiError(
        "unavailable",
        "Posting times could not be computed (metrics store unavailable); nothing was scheduled",
      );
    });
    if (times.length < group.length)
      throw new ApiError("unprocessable", `No posting times available for ${target}; nothing was scheduled`);
    const sorted = times.map((t) => t.at).sort((a, b) => a.getTime() - b.getTime());
    group.forEach((post, i) => {
      const at = sorted[i] as Date;
      timeOf.set(post.id, { at, platform: target });
      occupied.push(at);
    });
  }
  return posts.map((post) => {
    const slot = timeOf.get(post.id) as { at: Date; platform: Platform };
    return { post, priority: post.priority, platform: slot.platform, at: slot.at };
  });
}
