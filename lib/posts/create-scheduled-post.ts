import type { Queue } from "bullmq";
import { ApiError } from "@/lib/api/errors";
import type { ReviewSubmission } from "@/lib/approvals/review-submission-for";
import { withTimeout } from "@/lib/async/with-timeout";
import type { Db } from "@/lib/db/prisma";
import { logger } from "@/lib/log";
import { asMediaDeletedError } from "@/lib/posts/as-media-deleted-error";
import type { PostMediaRowInput } from "@/lib/posts/load-post-media";
import { discardPublishJob, ENQUEUE_TIMEOUT_MS } from "@/lib/queue/enqueue-publish-job";
import { checkSchedule, schedulablePostInclude } from "@/lib/scheduling/check-schedule";
import { enqueueFreshPublishJob } from "@/lib/scheduling/enqueue-fresh-publish-job";
import { type CreatePostInput, type PostResponse, postInclude, toPostResponse } from "@/lib/schemas/posts";

const log = logger("api:posts");

/**
 * The composer's first "Schedule": creates the post and schedules it in ONE transaction, so a refusal leaves no
 * draft behind. Inside it: insert the post (DRAFT, version 0), run schedulePost's own checks on it (checkSchedule:
 * time, zone, active channel, content fits every channel — 400/422), move it to SCHEDULED at version 1, and add
 * the delayed job; any throw rolls the insert back (a Redis that refuses is 503). `channelIds` were checked to be
 * the workspace's by the caller, and so were the `media` rows (loadPostMedia).
 *
 * With `review` (approvals on, the caller lacks posts:approve) the same checks run but the post ends IN_REVIEW at
 * version 1 with its time and zone, no job is added (`queue` may be null), and a SUBMITTED comment by
 * `review.actorUserId` is written in the same transaction.
 */
export async function createScheduledPost({
  db,
  queue,
  workspaceId,
  input,
  channelIds,
  media,
  now,
  createdByUserId = null,
  review = null,
}: {
  db: Db;
  queue: Queue | null;
  createdByUserId?: string | null;
  review?: ReviewSubmission | null;
  workspaceId: string;
  input: CreatePostInput & { scheduledAt: string };
  channelIds: readonly string[];
  media: readonly PostMediaRowInput[];
  now: Date;
}): Promise<PostResponse> {
  const added: { postId: string; version: number }[] = [];
  try {
    return await db.$transaction(
      async (tx) => {
        const draft = await tx.post.create({
          data: {
            workspaceId,
            createdByUserId,
            content: input.content,
            mediaUrls: input.mediaUrls,
            tags: [...new Set(input.tags)],
            channels: {
              create: channelIds.map((channelId) => ({
                channelId,
                content: input.channelContent?.[channelId] ?? null,
              })),
            },
            media: { create: [...media] },
          },
          include: schedulablePostInclude,
        });
        const { instant, zone } = checkSchedule({
          post: draft,
          scheduledAt: input.scheduledAt,
          timezone: input.timezone,
          now,
        });
        const version = draft.version + 1;
        const post = await tx.post.update({
          where: { id: draft.id },
          data: { status: review ? "IN_REVIEW" : "SCHEDULED", scheduledAt: instant, timezone: zone, version },
          include: postInclude,
        });
        if (review) {
          await tx.postComment.create({
            data: { workspaceId, postId: post.id, authorUserId: review.actorUserId, kind: "SUBMITTED" },
          });
          return toPostResponse(post);
        }
        if (!queue) throw new Error("createScheduledPost: scheduling needs a queue");
        // As schedulePost: once the wait is over, a step still waiting for Redis must not send the add after the
        // compensating removal (one command on the same connection, so a hung Redis runs it after the add).
        const giveUp = new AbortController();
        try {
          await withTimeout(
            enqueueFreshPublishJob(queue, { postId: post.id, workspaceId, version }, instant, now, giveUp.signal),
            ENQUEUE_TIMEOUT_MS,
          );
          added.push({ postId: post.id, version });
        } catch (err) {
          giveUp.abort();
          log.error(
            { error: (err as Error).message, postId: post.id, version },
            "could not enqueue the publish job; rolling back",
          );
          void discardPublishJob({ queue, postId: post.id, version });
          throw new ApiError("unavailable", "The publishing queue is unavailable; the post was not created");
        }
        return toPostResponse(post);
      },
      { timeout: ENQUEUE_TIMEOUT_MS * 3 },
    );
  } catch (err) {
    // The job was added but the commit failed (the database went away): that post never existed.
    if (queue) for (const job of added) void discardPublishJob({ queue, ...job });
    throw asMediaDeletedError(err);
  }
}
