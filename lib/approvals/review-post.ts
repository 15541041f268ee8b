import type { Queue } from "bullmq";
import { ApiError } from "@/lib/api/errors";
import { postTitleExcerpt } from "@/lib/approvals/post-title-excerpt";
import type { Db } from "@/lib/db/prisma";
import { logger } from "@/lib/log";
import { notify } from "@/lib/notifications/notify";
import { getPostOrThrow } from "@/lib/posts/get-post-or-throw";
import { checkSchedule, schedulablePostInclude } from "@/lib/scheduling/check-schedule";
import { commitWithPublishJob } from "@/lib/scheduling/commit-with-publish-job";
import type { ReviewPostInput } from "@/lib/schemas/approvals";
import type { PostResponse } from "@/lib/schemas/posts";
import { describeInstant } from "@/lib/time/describe-time";

const log = logger("api:review");

/**
 * A reviewer's decision on a post IN_REVIEW (POST /api/posts/:id/review, posts:approve). Compare-and-set on
 * (id, `input.version`, IN_REVIEW): a post edited, rescheduled, withdrawn or decided since the reviewer read it is
 * 409 and nothing is written. Another workspace's post is 404.
 *
 * - approve: the post must still pass schedulePost's checks at its own time and zone (checkSchedule: active
 *   channel, content fits, channels can publish: 422 otherwise). A time that passed while it waited is 409 naming
 *   the time ("its time passed while in review; choose a new time"): it is never published late. Then, in one
 *   transaction, SCHEDULED at version+1 with reviewState APPROVED, an APPROVED comment (the optional comment as its
 *   body) and the delayed job for that version (a Redis that refuses is 503 and nothing is written, as schedulePost).
 * - request_changes: DRAFT at version+1 with reviewState CHANGES_REQUESTED (its wanted time kept, so it shows where
 *   it was meant to go), a CHANGES_REQUESTED comment holding what to change.
 *
 * After the commit the post's author (Post.createdByUserId) is notified ("approval.decided"), unless they decided it.
 */
export async function reviewPost({
  db,
  queue,
  workspaceId,
  postId,
  reviewerUserId,
  input,
  now = new Date(),
}: {
  db: Db;
  queue: Queue;
  workspaceId: string;
  postId: string;
  reviewerUserId: string | null;
  input: ReviewPostInput;
  now?: Date;
}): Promise<PostResponse> {
  const post = await db.post.findFirst({
    where: { id: postId, workspaceId, deletedAt: null },
    include: schedulablePostInclude,
  });
  if (!post) throw new ApiError("not_found", `Post ${postId} not found`);
  if (post.status !== "IN_REVIEW" || post.version !== input.version) {
    const what = post.status !== "IN_REVIEW" ? `it is ${post.status}, not in review` : "it was changed";
    throw new ApiError("conflict", `Post changed since you read it (${what}); reload and review it again`, {
      status: post.status,
      version: post.version,
    });
  }
  const comment = input.comment ?? "";
  const cas = { id: postId, workspaceId, version: post.version, status: "IN_REVIEW" as const };
  const changedMeanwhile = () =>
    new ApiError("conflict", "Post changed while it was being reviewed; reload and review it again");

  if (input.decision === "request_changes") {
    await db.$transaction(async (tx) => {
      const { count } = await tx.post.updateMany({
        where: cas,
        data: { status: "DRAFT", reviewState: "CHANGES_REQUESTED", version: post.version + 1 },
      });
      if (count === 0) throw changedMeanwhile();
      await tx.postComment.create({
        data: { workspaceId, postId, authorUserId: reviewerUserId, kind: "CHANGES_REQUESTED", body: comment },
      });
    });
    await notifyDecided({
      db,
      post,
      reviewerUserId,
      title: `Changes requested on ${postTitleExcerpt(post.content)}`,
      comment,
    });
    return getPostOrThrow({ db, workspaceId, postId });
  }

  if (!post.scheduledAt) throw new ApiError("conflict", "Post has no time to be scheduled at; it needs a new time");
  const zone = post.timezone ?? post.workspace.timezone;
  if (post.scheduledAt.getTime() <= now.getTime()) {
    const when = describeInstant(post.scheduledAt, zone);
    throw new ApiError(
      "conflict",
      `Post cannot be approved: its time (${when}) passed while in review; choose a new time`,
      { scheduledAt: post.scheduledAt.toISOString(), reason: "time_passed" },
    );
  }
  const { instant } = checkSchedule({ post, scheduledAt: post.scheduledAt.toISOString(), timezone: zone, now });
  const version = post.version + 1;
  await commitWithPublishJob({
    db,
    queue,
    job: { postId, workspaceId, version },
    runAt: instant,
    now,
    refusal: "The publishing queue is unavailable; the post was not approved",
    write: async (tx) => {
      const { count } = await tx.post.updateMany({
        where: cas,
        data: { status: "SCHEDULED", reviewState: "APPROVED", version, leaseUntil: null, draftReason: null },
      });
      if (count === 0) throw changedMeanwhile();
      await tx.postComment.create({
        data: { workspaceId, postId, authorUserId: reviewerUserId, kind: "APPROVED", body: comment },
      });
    },
  });
  await notifyDecided({ db, post, reviewerUserId, title: `Approved: ${postTitleExcerpt(post.content)}`, comment });
  return getPostOrThrow({ db, workspaceId, postId });
}

/** "approval.decided" to the post's author (none for a post created with a token); never throws. */
async function notifyDecided({
  db,
  post,
  reviewerUserId,
  title,
  comment,
}: {
  db: Db;
  post: { id: string; workspaceId: string; createdByUserId: string | null };
  reviewerUserId: string | null;
  title: string;
  comment: string;
}): Promise<void> {
  if (!post.createdByUserId) return;
  try {
    await notify({
      db,
      event: {
        kind: "approval.decided",
        workspaceId: post.workspaceId,
        postId: post.id,
        title,
        body: comment || null,
        actorUserId: reviewerUserId,
        recipients: { userIds: [post.createdByUserId] },
      },
    });
  } catch (err) {
    log.error({ err, postId: post.id }, "could not notify the post's author");
  }
}
