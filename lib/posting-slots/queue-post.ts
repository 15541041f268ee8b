import type { Queue } from "bullmq";
import type pg from "pg";
import { ApiError } from "@/lib/api/errors";
import type { ReviewSubmission } from "@/lib/approvals/review-submission-for";
import type { Db } from "@/lib/db/prisma";
import { findNextFreeSlot } from "@/lib/posting-slots/find-next-free-slot";
import { withQueueLock } from "@/lib/posting-slots/with-queue-lock";
import { schedulePost } from "@/lib/scheduling/schedule-post";
import type { PostResponse } from "@/lib/schemas/posts";
import { formatInZone } from "@/lib/time/format-in-zone";

/** A post put in the queue: the post as scheduling answers it, and the slot it took. */
export type QueuedPostResponse = PostResponse & { queueSlot: { scheduledAt: string; scheduledAtLocal: string } };

/** The `queueSlot` of an answer: the instant and its wall clock in the workspace's zone. */
export function queueSlotOf(at: Date, timezone: string): QueuedPostResponse["queueSlot"] {
  return { scheduledAt: at.toISOString(), scheduledAtLocal: formatInZone(at, timezone) };
}

/**
 * "Add to queue" (POST /api/posts/:id/queue): puts the post in the next free posting slot of its active channels
 * (findNextFreeSlot) and schedules it there exactly as POST /api/scheduling/posts/:id/schedule does (schedulePost,
 * read in the workspace's zone: all its checks, its job, and `review` — an Editor's post goes IN_REVIEW at that
 * slot). Under the workspace's queue lock (withQueueLock), so simultaneous calls take distinct slots. A post already
 * in the queue may move to an earlier free slot (its own slot counts as free).
 * @throws ApiError not_found (404: not the workspace's post), conflict (409: PUBLISHING, changed meanwhile, or the
 *   lock was busy too long), unprocessable (422: no active channel, no posting schedule, no free slot in 12 weeks,
 *   or schedulePost's own refusals), unavailable (503: Redis refused the job; nothing changed).
 */
export async function queuePost({
  db,
  queue,
  pool,
  workspaceId,
  postId,
  review = null,
  now,
}: {
  db: Db;
  queue: Queue;
  pool?: Pick<pg.Pool, "connect">;
  workspaceId: string;
  postId: string;
  review?: ReviewSubmission | null;
  now?: Date;
}): Promise<QueuedPostResponse> {
  return withQueueLock({
    pool,
    workspaceId,
    fn: async () => {
      const at = now ?? new Date();
      const post = await db.post.findFirst({
        where: { id: postId, workspaceId, deletedAt: null },
        select: {
          status: true,
          channels: { select: { channel: { select: { id: true, active: true, deletedAt: true } } } },
        },
      });
      if (!post) throw new ApiError("not_found", `Post ${postId} not found`);
      if (post.status === "PUBLISHING")
        throw new ApiError("conflict", "Post is being published; schedule it afterwards");
      const channelIds = post.channels
        .filter((pc) => pc.channel.active && !pc.channel.deletedAt)
        .map((pc) => pc.channel.id);
      if (channelIds.length === 0) {
        throw new ApiError("unprocessable", "Post has no active channel to publish to", [
          { path: "channelIds", message: "add at least one active channel" },
        ]);
      }
      const slot = await findNextFreeSlot({ db, workspaceId, channelIds, excludePostId: postId, now: at });
      const scheduled = await schedulePost({
        db,
        queue,
        workspaceId,
        postId,
        scheduledAt: slot.at.toISOString(),
        timezone: slot.timezone,
        now: at,
        review,
      });
      return { ...scheduled, queueSlot: queueSlotOf(slot.at, slot.timezone) };
    },
  });
}
