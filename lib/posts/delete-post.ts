import type { Queue } from "bullmq";
import { ApiError } from "@/lib/api/errors";
import type { Db } from "@/lib/db/prisma";
import { cancelWaitingPublication } from "@/lib/publishing/cancel-waiting-publication";
import { inFlightConflict, isInFlight } from "@/lib/publishing/in-flight-conflict";
import { discardPublishJob } from "@/lib/queue/enqueue-publish-job";

/**
 * Deletes a post. One that never had a publication is erased. One with publications (sent, failed, unconfirmed:
 * the record of what went out, where, when, its link) is soft-deleted: `deletedAt` is set, it leaves the calendar,
 * every list and evergreen, and its history stays readable (GET /api/posts/:id/publications,
 * GET /api/posts?deleted=true). A SCHEDULED post also stops being scheduled (version+1, so its job is stale).
 * A PUBLISHING post waiting for a retry has its remaining channels CANCELLED first; one with a request in flight
 * right now is 409 with details.retryAfterMs. Writes are compare-and-set on (version, status); the queued job is
 * removed best-effort afterwards (a job left behind finds a newer version and drops itself).
 */
export async function deletePost({
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
}): Promise<void> {
  const post = await db.post.findFirst({
    where: { id: postId, workspaceId, deletedAt: null },
    select: {
      status: true,
      version: true,
      leaseUntil: true,
      lastPublishedAt: true,
      _count: { select: { publications: true } },
    },
  });
  if (!post) throw new ApiError("not_found", `Post ${postId} not found`);
  const changed = () => new ApiError("conflict", "Post changed while it was being deleted; reload and try again");

  if (post.status === "PUBLISHING") {
    if (isInFlight(post, now)) throw inFlightConflict({ id: postId, ...post }, now, "delete");
    const reason = "the post was deleted";
    await cancelWaitingPublication({ db, workspaceId, postId, version: post.version, reason, now, deletedAt: now });
  } else if (post._count.publications === 0) {
    const { count } = await db.post.deleteMany({
      where: { id: postId, workspaceId, version: post.version, status: post.status, publications: { none: {} } },
    });
    if (count === 0) throw changed();
  } else {
    const wasScheduled = post.status === "SCHEDULED" || post.status === "IN_REVIEW";
    const { count } = await db.post.updateMany({
      where: { id: postId, workspaceId, version: post.version, status: post.status, deletedAt: null },
      data: {
        deletedAt: now,
        version: post.version + 1,
        leaseUntil: null,
        // A scheduled run that never happened is not history: the post keeps what its publications made of it.
        ...(wasScheduled ? { status: post.lastPublishedAt ? "PUBLISHED" : "DRAFT", scheduledAt: null } : {}),
      },
    });
    if (count === 0) throw changed();
  }
  if (post.status === "SCHEDULED" || post.status === "PUBLISHING") {
    await discardPublishJob({ queue, postId, version: post.version });
  }
}
