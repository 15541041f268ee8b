import type { Queue } from "bullmq";
import { enqueuePublishJob, removePublishJob } from "@/lib/queue/enqueue-publish-job";

/**
 * Adds the job for this version. A job with the same id can only be a leftover of a transaction that rolled
 * back after enqueueing; BullMQ would keep it (and its old delay) instead of adding ours, so it goes first.
 * `signal`: once aborted (the caller gave up waiting and is removing what may have been added), the add is not
 * sent any more — a late answer to the first step must not send an add after the caller's compensating remove.
 */
export async function enqueueFreshPublishJob(
  queue: Queue,
  job: { postId: string; workspaceId: string; version: number },
  scheduledAt: Date,
  now: Date,
  signal?: AbortSignal,
) {
  await removePublishJob({ queue, postId: job.postId, version: job.version });
  signal?.throwIfAborted();
  await enqueuePublishJob({ queue, job, scheduledAt, now: now.getTime() });
}
