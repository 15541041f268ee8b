import type { Queue } from "bullmq";
import { ApiError } from "@/lib/api/errors";
import { withTimeout } from "@/lib/async/with-timeout";
import type { Db } from "@/lib/db/prisma";
import { logger } from "@/lib/log";
import { assertContentFits } from "@/lib/posts/assert-content-fits";
import { getPostOrThrow } from "@/lib/posts/get-post-or-throw";
import { enqueuePublishJob, removePublishJob } from "@/lib/queue/enqueue-publish-job";
import type { PostResponse } from "@/lib/schemas/posts";
import { parseScheduleTime } from "@/lib/time/parse-schedule-time";

const log = logger("api:schedule");

/** A Redis that does not answer must not hold the transaction (and a row lock) for long. */
const ENQUEUE_TIMEOUT_MS = 3_000;

/**
 * (Re)schedules a post: `scheduledAt` is an ISO instant with offset or a wall-clock "YYYY-MM-DDTHH:mm" read in
 * `timezone` (default: the workspace's). DRAFT, SCHEDULED, PUBLISHED and FAILED posts may be scheduled;
 * PUBLISHING is 409. In one transaction: compare-and-set the post to SCHEDULED at version+1, then add the
 * delayed job for that version; if Redis refuses, the transaction rolls back (503, nothing written). The old
 * version's job is removed after commit, best-effort: the worker drops stale versions anyway.
 */
export async function schedulePost({
  db,
  queue,
  workspaceId,
  postId,
  scheduledAt,
  timezone,
  now = new Date(),
}: {
  db: Db;
  queue: Queue;
  workspaceId: string;
  postId: string;
  scheduledAt: string;
  timezone?: string;
  now?: Date;
}): Promise<PostResponse> {
  const post = await db.post.findFirst({
    where: { id: postId, workspaceId },
    include: {
      workspace: { select: { timezone: true } },
      channels: { include: { channel: { select: { id: true, platform: true, displayName: true, active: true } } } },
    },
  });
  if (!post) throw new ApiError("not_found", `Post ${postId} not found`);
  if (post.status === "PUBLISHING") throw new ApiError("conflict", "Post is being published; schedule it afterwards");

  const zone = timezone ?? post.workspace.timezone;
  const parsed = parseScheduleTime(scheduledAt, zone);
  if (!parsed.ok) {
    const field = parsed.reason === "timezone" ? "timezone" : "scheduledAt";
    const code = parsed.reason === "gap" ? "unprocessable" : "invalid_request";
    throw new ApiError(code, parsed.message, [{ path: field, message: parsed.message }]);
  }
  if (parsed.instant.getTime() <= now.getTime()) {
    const message = `scheduledAt ${parsed.instant.toISOString()} is not in the future (now ${now.toISOString()})`;
    throw new ApiError("unprocessable", message, [{ path: "scheduledAt", message: "must be in the future" }]);
  }
  const channels = post.channels.map((pc) => pc.channel).filter((c) => c.active);
  if (channels.length === 0) {
    throw new ApiError("unprocessable", "Post has no active channel to publish to", [
      { path: "channelIds", message: "add at least one active channel" },
    ]);
  }
  assertContentFits({ content: post.content, mediaUrls: post.mediaUrls, channels });

  const version = post.version + 1;
  await db.$transaction(
    async (tx) => {
      const { count } = await tx.post.updateMany({
        where: { id: postId, workspaceId, version: post.version, status: post.status },
        data: { status: "SCHEDULED", scheduledAt: parsed.instant, timezone: zone, version, leaseUntil: null },
      });
      if (count === 0)
        throw new ApiError("conflict", "Post changed while it was being scheduled; reload and try again");
      try {
        await withTimeout(
          enqueueFresh(queue, { postId, workspaceId, version }, parsed.instant, now),
          ENQUEUE_TIMEOUT_MS,
        );
      } catch (err) {
        log.error({ err, postId, version }, "could not enqueue the publish job; rolling back");
        // A job may have landed before the error: remove it so a later schedule of this version is not a no-op.
        void removePublishJob({ queue, postId, version }).catch(() => undefined);
        throw new ApiError("unavailable", "The publishing queue is unavailable; the post was not scheduled");
      }
    },
    { timeout: ENQUEUE_TIMEOUT_MS * 3 },
  );

  if (post.status === "SCHEDULED") {
    await withTimeout(removePublishJob({ queue, postId, version: post.version }), 2_000).catch((err: unknown) =>
      log.warn({ err, postId, version: post.version }, "could not remove the old job; the worker drops it as stale"),
    );
  }
  return getPostOrThrow({ db, workspaceId, postId });
}

/**
 * Adds the job for this version. A job with the same id can only be a leftover of a transaction that rolled
 * back after enqueueing; BullMQ would keep it (and its old delay) instead of adding ours, so it goes first.
 */
async function enqueueFresh(
  queue: Queue,
  job: { postId: string; workspaceId: string; version: number },
  scheduledAt: Date,
  now: Date,
) {
  await removePublishJob({ queue, postId: job.postId, version: job.version });
  await enqueuePublishJob({ queue, job, scheduledAt, now: now.getTime() });
}
