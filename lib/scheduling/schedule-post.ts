import type { Queue } from "bullmq";
import { ApiError } from "@/lib/api/errors";
import { notifyApprovalRequested } from "@/lib/approvals/notify-approval-requested";
import type { ReviewSubmission } from "@/lib/approvals/review-submission-for";
import type { Db } from "@/lib/db/prisma";
import { discardPublishJob } from "@/lib/queue/enqueue-publish-job";
import { checkSchedule, schedulablePostInclude } from "@/lib/scheduling/check-schedule";
import { commitWithPublishJob } from "@/lib/scheduling/commit-with-publish-job";
import { type PostResponse, type PostWithRelations, postInclude, toPostResponse } from "@/lib/schemas/posts";

/** What the checks need and what the answer shows, in one read. */
const scheduleInclude = { ...schedulablePostInclude, publications: postInclude.publications };

/**
 * (Re)schedules a post: `scheduledAt` is an ISO instant with offset or a wall-clock "YYYY-MM-DDTHH:mm" read in
 * `timezone` (default: the post's own zone if it was scheduled before, else the workspace's). DRAFT, SCHEDULED, PUBLISHED and FAILED posts may be scheduled;
 * PUBLISHING is 409. In one transaction: compare-and-set the post to SCHEDULED at version+1, then add the
 * delayed job for that version; if Redis refuses or does not answer within ENQUEUE_TIMEOUT_MS, the transaction
 * rolls back (503) and the job of the uncommitted version is removed: a refusal leaves nothing in either store. The old
 * version's job is removed after commit, best-effort: the worker drops stale versions anyway.
 *
 * With `review` (reviewSubmissionFor: approvals on and the caller lacks posts:approve) the same checks run, but the
 * post becomes IN_REVIEW at version+1 with the wanted time and zone and NO job (a SCHEDULED post's job is removed:
 * its version is stale anyway). Entering review writes a SUBMITTED comment in the same transaction and notifies
 * whoever may approve after the commit; rescheduling a post already in review only changes its time. Either way
 * `reviewState` is cleared (a new submission, or a direct schedule, supersedes the last decision).
 */
export async function schedulePost({
  db,
  queue,
  workspaceId,
  postId,
  scheduledAt,
  timezone,
  now = new Date(),
  review = null,
  expectedVersion,
  publishNow = false,
}: {
  db: Db;
  queue: Queue;
  workspaceId: string;
  postId: string;
  scheduledAt: string;
  timezone?: string;
  now?: Date;
  review?: ReviewSubmission | null;
  /** The version the caller read (the queue's reorder): another one is 409 and nothing changes. */
  expectedVersion?: number;
  /** Share now: `scheduledAt` is `now` (checkSchedule's publishNow), so the job runs without delay. */
  publishNow?: boolean;
}): Promise<PostResponse> {
  const post = await db.post.findFirst({
    where: { id: postId, workspaceId, deletedAt: null },
    include: scheduleInclude,
  });
  if (!post) throw new ApiError("not_found", `Post ${postId} not found`);
  if (expectedVersion !== undefined && post.version !== expectedVersion) {
    throw new ApiError(
      "conflict",
      `Post ${postId} changed (version ${post.version}, not ${expectedVersion}); reload and try again`,
    );
  }
  const { instant, zone } = checkSchedule({ post, scheduledAt, timezone, now, publishNow });

  const version = post.version + 1;
  if (review) return submitForReview({ db, queue, workspaceId, post, instant, zone, review });
  const changes = {
    status: "SCHEDULED" as const,
    reviewState: null,
    scheduledAt: instant,
    timezone: zone,
    version,
    leaseUntil: null,
    draftReason: null,
    // Set here rather than by Prisma's @updatedAt, so the answer can be built without reading the post again.
    updatedAt: new Date(),
  };
  await commitWithPublishJob({
    db,
    queue,
    job: { postId, workspaceId, version },
    runAt: instant,
    now,
    refusal: "The publishing queue is unavailable; the post was not scheduled",
    write: async (tx) => {
      const { count } = await tx.post.updateMany({
        where: { id: postId, workspaceId, version: post.version, status: post.status },
        data: changes,
      });
      if (count === 0)
        throw new ApiError("conflict", "Post changed while it was being scheduled; reload and try again");
    },
  });

  if (post.status === "SCHEDULED") {
    await discardPublishJob({ queue, postId, version: post.version });
  }
  // The compare-and-set above proves the post was exactly `post` when it changed: answer with what this call did.
  return toPostResponse({ ...post, ...changes });
}

/** schedulePost's review branch: compare-and-set to IN_REVIEW (no job), SUBMITTED comment, old job removed. */
async function submitForReview({
  db,
  queue,
  workspaceId,
  post,
  instant,
  zone,
  review,
}: {
  db: Db;
  queue: Queue;
  workspaceId: string;
  post: PostWithRelations;
  instant: Date;
  zone: string;
  review: ReviewSubmission;
}): Promise<PostResponse> {
  const entering = post.status !== "IN_REVIEW";
  const changes = {
    status: "IN_REVIEW" as const,
    scheduledAt: instant,
    timezone: zone,
    version: post.version + 1,
    leaseUntil: null,
    draftReason: null,
    reviewState: null,
    updatedAt: new Date(),
  };
  await db.$transaction(async (tx) => {
    const { count } = await tx.post.updateMany({
      where: { id: post.id, workspaceId, version: post.version, status: post.status },
      data: changes,
    });
    if (count === 0) throw new ApiError("conflict", "Post changed while it was being submitted; reload and try again");
    if (entering) {
      await tx.postComment.create({
        data: { workspaceId, postId: post.id, authorUserId: review.actorUserId, kind: "SUBMITTED" },
      });
    }
  });
  if (post.status === "SCHEDULED") await discardPublishJob({ queue, postId: post.id, version: post.version });
  if (entering) await notifyApprovalRequested({ db, workspaceId, post, actorUserId: review.actorUserId });
  return toPostResponse({ ...post, ...changes });
}
