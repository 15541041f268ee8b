import type { Queue } from "bullmq";
import { ApiError } from "@/lib/api/errors";
import type { Db } from "@/lib/db/prisma";
import { getPostOrThrow } from "@/lib/posts/get-post-or-throw";
import { cancelWaitingPublication } from "@/lib/publishing/cancel-waiting-publication";
import { inFlightConflict, isInFlight } from "@/lib/publishing/in-flight-conflict";
import { discardPublishJob } from "@/lib/queue/enqueue-publish-job";
import type { PostResponse } from "@/lib/schemas/posts";

/**
 * SCHEDULED (or IN_REVIEW: withdrawn from review) → DRAFT: clears scheduledAt and bumps the version (compare-and-set), so the queued job is stale
 * even if removing it fails; then removes the job best-effort. Works with Redis down.
 * A PUBLISHING post waiting for a retry is taken back too: its remaining channels are CANCELLED and it returns to
 * DRAFT — or is PUBLISHED if a channel already went out (lib/publishing/cancel-waiting-publication.ts). Only a
 * request in flight right now is 409, with details.retryAfterMs saying when to try again.
 * Anything else (DRAFT, PUBLISHED, FAILED) is 409 (not an idempotent no-op): the caller learns the post is already
 * a draft or done, instead of believing it stopped something.
 */
export async function unschedulePost({
  db,
  queue,
  workspaceId,
  postId,
  now = new Date(),
}: {
  db: Db;
  queue: Queue;
  workspaceId: string;
  postId: string;
  now?: Date;
}): Promise<PostResponse> {
  const post = await db.post.findFirst({
    where: { id: postId, workspaceId, deletedAt: null },
    select: { status: true, version: true, leaseUntil: true },
  });
  if (!post) throw new ApiError("not_found", `Post ${postId} not found`);
  if (post.status === "PUBLISHING") {
    if (isInFlight(post, now)) throw inFlightConflict({ id: postId, ...post }, now, "unschedule");
    const reason = "the post was unscheduled";
    await cancelWaitingPublication({ db, workspaceId, postId, version: post.version, reason, now });
    await discardPublishJob({ queue, postId, version: post.version });
    return getPostOrThrow({ db, workspaceId, postId });
  }
  if (post.status !== "SCHEDULED" && post.status !== "IN_REVIEW") {
    throw new ApiError("conflict", `Post is not scheduled (status ${post.status})`, { status: post.status });
  }
  const { count } = await db.post.updateMany({
    where: { id: postId, workspaceId, version: post.version, status: post.status },
    data: { status: "DRAFT", scheduledAt: null, version: post.version + 1, leaseUntil: null, draftReason: null },
  });
  if (count === 0) throw new ApiError("conflict", "Post changed while it was being unscheduled; reload and try again");
  if (post.status === "SCHEDULED") await discardPublishJob({ queue, postId, version: post.version });
  return getPostOrThrow({ db, workspaceId, postId });
}
