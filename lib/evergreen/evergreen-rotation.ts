import type { Queue } from "bullmq";
import type { Db as MongoDb } from "mongodb";
import { ApiError } from "@/lib/api/errors";
import { notifyApprovalRequested } from "@/lib/approvals/notify-approval-requested";
import type { ReviewSubmission } from "@/lib/approvals/review-submission-for";
import { withTimeout } from "@/lib/async/with-timeout";
import type { Db } from "@/lib/db/prisma";
import { getEnv } from "@/lib/env";
import { rankEvergreen, roundPriority } from "@/lib/evergreen/evergreen-priority";
import { evergreenSkip, findEvergreenPosts } from "@/lib/evergreen/find-evergreen-posts";
import { planEvergreenTimes } from "@/lib/evergreen/plan-evergreen-times";
import type { Platform } from "@/lib/generated/prisma/enums";
import { logger } from "@/lib/log";
import { discardPublishJob } from "@/lib/queue/enqueue-publish-job";
import { checkSchedule } from "@/lib/scheduling/check-schedule";
import { enqueueFreshPublishJob } from "@/lib/scheduling/enqueue-fresh-publish-job";
import { markPostsScheduled } from "@/lib/scheduling/mark-posts-scheduled";
import type { RotateEvergreenResponse, SkippedPost } from "@/lib/schemas/evergreen";
import { postInclude, toPostResponse } from "@/lib/schemas/posts";
import { formatInZone } from "@/lib/time/format-in-zone";

const log = logger("api:evergreen");

/** Namespace of the per-workspace advisory lock (key 2 is hashtext(workspaceId)); "EVER" in ASCII. */
const LOCK_CLASS = 0x45564552;
const ENQUEUE_TIMEOUT_MS = 3_000;
const ENQUEUE_CONCURRENCY = 50;
/** Default spacing between two posts of the workspace, rotated or already scheduled. */
export const EVERGREEN_MIN_GAP_MINUTES = 60;

/**
 * One-click evergreen rotation: ranks the workspace's "evergreen" posts by evergreenPriority, takes the top
 * `count` eligible ones (see evergreenSkip), places them on the best times (suggestTimes, per post platform,
 * in `timezone`, after `from`, EVERGREEN_MIN_GAP_MINUTES apart from each other and from posts already
 * scheduled) and schedules them with schedulePost's own checks (checkSchedule) and jobs (version+1).
 *
 * All or nothing, without compensation: everything happens in ONE database transaction. It first takes a
 * per-workspace advisory lock, so a second simultaneous call waits and then finds these posts SCHEDULED (skipped)
 * instead of scheduling them twice; then it selects, validates and compare-and-sets every post, and only when
 * all of those passed adds the jobs. A refused post or a failed enqueue throws: the transaction rolls back (no
 * row changed, versions untouched) and the jobs already added are removed. A job that survives removal is for a
 * version the database never committed, so the worker drops it as stale, and a later schedule of that version
 * replaces it (enqueueFreshPublishJob).
 *
 * With `review` (approvals on, the caller lacks posts:approve) the chosen posts go IN_REVIEW at their planned times
 * instead (same checks, version+1, no job), each with a SUBMITTED comment, and approvers are notified after commit.
 */
export async function rotateEvergreen({
  db,
  queue,
  mongo,
  workspaceId,
  count,
  platform,
  timezone,
  from,
  now = new Date(),
  minIntervalDays = getEnv().EVERGREEN_MIN_INTERVAL_DAYS,
  minGapMinutes = EVERGREEN_MIN_GAP_MINUTES,
  review = null,
}: {
  db: Db;
  queue: Queue;
  mongo?: MongoDb;
  workspaceId: string;
  count: number;
  platform?: Platform;
  timezone?: string;
  from?: Date;
  now?: Date;
  minIntervalDays?: number;
  minGapMinutes?: number;
  review?: ReviewSubmission | null;
}): Promise<RotateEvergreenResponse> {
  const workspace = await db.workspace.findUnique({ where: { id: workspaceId }, select: { timezone: true } });
  if (!workspace) throw new ApiError("not_found", "Workspace not found");
  const zone = timezone ?? workspace.timezone;
  const start = from && from.getTime() > now.getTime() ? from : now;
  const added: { postId: string; version: number }[] = [];

  let outcome: { plan: { postId: string; priority: number; platform: Platform; at: Date }[]; skipped: SkippedPost[] };
  try {
    outcome = await db.$transaction(
      async (tx) => {
        await tx.$executeRaw`SELECT pg_advisory_xact_lock(${LOCK_CLASS}::int4, hashtext(${workspaceId}))`;
        const posts = await findEvergreenPosts({ db: tx, workspaceId, platform });
        const skipped: SkippedPost[] = [];
        const eligible = posts.filter((post) => {
          const skip = evergreenSkip(post, { now, minIntervalDays, platform });
          if (skip) skipped.push({ postId: post.id, ...skip });
          return !skip;
        });
        const chosen = rankEvergreen(eligible, now).slice(0, count);
        const taken = await tx.post.findMany({
          where: { workspaceId, status: { in: ["SCHEDULED", "PUBLISHING", "IN_REVIEW"] }, scheduledAt: { not: null } },
          select: { scheduledAt: true },
        });
        const plan = await planEvergreenTimes({
          db,
          mongo,
          workspaceId,
          posts: chosen,
          platform,
          timezone: zone,
          from: start,
          minGapMinutes,
          taken: taken.flatMap((t) => (t.scheduledAt ? [t.scheduledAt] : [])),
        });

        // Every post passes schedulePost's checks and its compare-and-set before any job exists.
        for (const { post, at } of plan) {
          checkOrExplain(post.id, () => checkSchedule({ post, scheduledAt: at.toISOString(), timezone: zone, now }));
        }
        const changed = await markPostsScheduled({
          tx,
          workspaceId,
          timezone: zone,
          changes: plan.map(({ post, at }) => ({ id: post.id, version: post.version, status: post.status, at })),
          status: review ? "IN_REVIEW" : "SCHEDULED",
        });
        if (changed.length > 0)
          throw new ApiError(
            "conflict",
            `${changed.length} post(s) changed during the rotation; nothing was scheduled`,
            {
              postIds: changed,
            },
          );
        if (review) {
          await tx.postComment.createMany({
            data: plan.map(({ post }) => ({
              workspaceId,
              postId: post.id,
              authorUserId: review.actorUserId,
              kind: "SUBMITTED" as const,
            })),
          });
        } else {
          await enqueueAll(queue, workspaceId, plan, now, added);
        }
        return {
          plan: plan.map(({ post, at, priority, platform }) => ({ postId: post.id, priority, platform, at })),
          skipped,
        };
      },
      { maxWait: 10_000, timeout: 60_000 + count * 200 },
    );
  } catch (err) {
    if (added.length > 0) await removeJobs(queue, added);
    throw err;
  }

  const rows = await db.post.findMany({
    where: { workspaceId, id: { in: outcome.plan.map((p) => p.postId) } },
    include: postInclude,
  });
  const byId = new Map(rows.map((r) => [r.id, r]));
  if (review) {
    for (const row of rows) {
      await notifyApprovalRequested({ db, workspaceId, post: row, actorUserId: review.actorUserId });
    }
  }
  return {
    scheduled: outcome.plan.flatMap(({ postId, priority, platform, at }) => {
      const row = byId.get(postId);
      if (!row) return [];
      return [
        {
          post: toPostResponse(row),
          priority: roundPriority(priority),
          platform,
          scheduledAt: at.toISOString(),
          scheduledAtLocal: formatInZone(at, zone),
        },
      ];
    }),
    skipped: outcome.skipped,
  };
}

/** Runs a check; a refusal names the post, so the caller knows which one stopped the whole batch. */
function checkOrExplain(postId: string, check: () => unknown) {
  try {
    check();
  } catch (err) {
    if (!(err instanceof ApiError)) throw err;
    throw new ApiError(err.code, `Post ${postId}: ${err.message}; nothing was scheduled`, {
      postId,
      problems: err.details,
    });
  }
}

/** Adds every job, ENQUEUE_CONCURRENCY at a time; `added` records each attempt so a failure can take them back. */
async function enqueueAll(
  queue: Queue,
  workspaceId: string,
  plan: { post: { id: string; version: number }; at: Date }[],
  now: Date,
  added: { postId: string; version: number }[],
) {
  // Once one add times out the rotation gives up: adds still waiting on their first step are not sent any more, so
  // none can reach Redis after the compensating removals.
  const giveUp = new AbortController();
  for (let i = 0; i < plan.length; i += ENQUEUE_CONCURRENCY) {
    const slice = plan.slice(i, i + ENQUEUE_CONCURRENCY);
    try {
      await Promise.all(
        slice.map(({ post, at }) => {
          const job = { postId: post.id, workspaceId, version: post.version + 1 };
          added.push({ postId: job.postId, version: job.version });
          return withTimeout(enqueueFreshPublishJob(queue, job, at, now, giveUp.signal), ENQUEUE_TIMEOUT_MS);
        }),
      );
    } catch (err) {
      giveUp.abort();
      log.error({ err, workspaceId, enqueued: added.length }, "could not enqueue the rotation's jobs; rolling back");
      throw new ApiError("unavailable", "The publishing queue is unavailable; no post of the rotation was scheduled");
    }
  }
}

/** Best-effort and time-boxed: a job left behind is for a version that was never committed, so it is stale. */
async function removeJobs(queue: Queue, jobs: { postId: string; version: number }[]) {
  for (let i = 0; i < jobs.length; i += ENQUEUE_CONCURRENCY) {
    await Promise.all(jobs.slice(i, i + ENQUEUE_CONCURRENCY).map((job) => discardPublishJob({ queue, ...job })));
  }
}
