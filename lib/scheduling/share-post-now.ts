import type { Queue } from "bullmq";
import { ApiError } from "@/lib/api/errors";
import type { ReviewSubmission } from "@/lib/approvals/review-submission-for";
import type { Db } from "@/lib/db/prisma";
import { schedulePost } from "@/lib/scheduling/schedule-post";
import type { PostResponse } from "@/lib/schemas/posts";

/**
 * "Share now" (POST /api/scheduling/posts/:id/share-now): publishes the post now through the worker, as a scheduled
 * post would be: schedulePost with scheduledAt = `now` (every schedule check but the time: content fits, channels
 * live), version+1 so the old job is superseded, and a job without delay. `review` (reviewSubmissionFor: approvals on
 * and the caller lacks posts:approve) is refused — publishing now would skip the review.
 * @throws ApiError forbidden (403, `details.missingPermission: "posts:approve"`, nothing changed) with `review`;
 *   not_found (404), conflict (409: PUBLISHING), unprocessable (422), unavailable (503) as schedulePost.
 */
export async function sharePostNow({
  db,
  queue,
  workspaceId,
  postId,
  review = null,
  now = new Date(),
}: {
  db: Db;
  queue: Queue;
  workspaceId: string;
  postId: string;
  review?: ReviewSubmission | null;
  now?: Date;
}): Promise<PostResponse> {
  if (review) {
    throw new ApiError(
      "forbidden",
      "This workspace requires approval before a post is published: sharing it now needs posts:approve",
      { missingPermission: "posts:approve" },
    );
  }
  return schedulePost({ db, queue, workspaceId, postId, scheduledAt: now.toISOString(), now, publishNow: true });
}
