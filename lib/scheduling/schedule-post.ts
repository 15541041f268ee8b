import type { Queue } from "bullmq";
import { ApiError } from "@/lib/api/errors";
import { withTimeout } from "@/lib/async/with-timeout";
import type { Db } from "@/lib/db/prisma";
import { logger } from "@/lib/log";
import { discardPublishJob } from "@/lib/queue/enqueue-publish-job";
import { checkSchedule, schedulablePostInclude } from "@/lib/scheduling/check-schedule";
import { enqueueFreshPublishJob } from "@/lib/scheduling/enqueue-fresh-publish-job";
import { type PostResponse, postInclude, toPostResponse } from "@/lib/schemas/posts";

const log = logger("api:schedule");

/** What the checks need and what the answer shows, in one read. */
const scheduleInclude = { ...schedulablePostInclude, publications: postInclude.publications };

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
    where: { id: postId, workspaceId, deletedAt: null },
    include: scheduleInclude,
  });
  if (!post) throw new ApiError("not_found", `Post ${postId} not found`);
  const { instant, zone } = checkSchedule({ post, scheduledAt, timezone, now });

  const version = post.version + 1;
  const changes = {
    status: "SCHEDULED" as const,
    scheduledAt: instant,
    timezone: zone,
    version,
    leaseUntil: null,
    draftReason: null,
    // Set here rather than by Prisma's @updatedAt, so the answer can be built without reading the post again.
    updatedAt: new Date(),
  };
  await db.$transaction(
    async (tx) => {
      const { count } = await tx.post.updateMany({
        where: { id: postId, workspaceId, version: post.version, status: post.status },
        data: changes,
      });
      if (count === 0)
        throw new ApiError("conflict", "Post changed while it was being scheduled; reload and try again");
      try {
        await withTimeout(
          enqueueFreshPublishJob(queue, { postId, workspaceId, version }, instant, now),
          ENQUEUE_TIMEOUT_MS,
        );
      } catch (err) {
        log.error({ err, postId, version }, "could not enqueue the publish job; rolling back");
        // A job may have landed before the error: remove it so a later schedule of this version is not a no-op.
        void discardPublishJob({ queue, postId, version });
        throw new ApiError("unavailable", "The publishing queue is unavailable; the post was not scheduled");
      }
    },
    { timeout: ENQUEUE_TIMEOUT_MS * 3 },
  );

  if (post.status === "SCHEDULED") {
    await discardPublishJob({ queue, postId, version: post.version });
  }
  // The compare-and-set above proves the post was exactly `post` when it changed: answer with what this call did.
  return toPostResponse({ ...post, ...changes });
}
