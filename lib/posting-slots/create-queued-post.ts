import type { Queue } from "bullmq";
import type pg from "pg";
import { ApiError } from "@/lib/api/errors";
import type { ReviewSubmission } from "@/lib/approvals/review-submission-for";
import type { Db } from "@/lib/db/prisma";
import { findNextFreeSlot } from "@/lib/posting-slots/find-next-free-slot";
import { type QueuedPostResponse, queueSlotOf } from "@/lib/posting-slots/queue-post";
import { withQueueLock } from "@/lib/posting-slots/with-queue-lock";
import { createPost } from "@/lib/posts/create-post";
import { loadTargetChannels } from "@/lib/posts/load-target-channels";
import type { CreatePostInput } from "@/lib/schemas/posts";

/**
 * POST /api/posts with `queue: true`: creates the post and puts it in the next free posting slot of its active
 * channels in one step (findNextFreeSlot under the workspace's queue lock, then createPost with that instant in the
 * workspace's zone: one transaction, all of scheduling's checks, `review` honoured). Nothing is written when it is
 * refused. `input.scheduledAt` and `input.timezone` are ignored (the slot decides both).
 * @throws ApiError unprocessable (422: unknown channel, no active channel, no posting schedule, no free slot in 12
 *   weeks, content that does not fit), conflict (409: the lock was busy too long), unavailable (503: Redis refused).
 */
export async function createQueuedPost({
  db,
  getQueue,
  pool,
  workspaceId,
  input,
  createdByUserId = null,
  review = null,
  now,
}: {
  db: Db;
  getQueue: () => Queue;
  pool?: Pick<pg.Pool, "connect">;
  workspaceId: string;
  input: CreatePostInput;
  createdByUserId?: string | null;
  review?: ReviewSubmission | null;
  now?: Date;
}): Promise<QueuedPostResponse> {
  const channels = await loadTargetChannels({ db, workspaceId, channelIds: input.channelIds });
  const channelIds = channels.filter((c) => c.active).map((c) => c.id);
  if (channelIds.length === 0) {
    throw new ApiError("unprocessable", "Post has no active channel to publish to", [
      { path: "channelIds", message: "add at least one active channel" },
    ]);
  }
  return withQueueLock({
    pool,
    workspaceId,
    fn: async () => {
      const at = now ?? new Date();
      const slot = await findNextFreeSlot({ db, workspaceId, channelIds, now: at });
      const post = await createPost({
        db,
        getQueue,
        workspaceId,
        input: { ...input, scheduledAt: slot.at.toISOString(), timezone: slot.timezone },
        now: at,
        createdByUserId,
        review,
      });
      return { ...post, queueSlot: queueSlotOf(slot.at, slot.timezone) };
    },
  });
}
