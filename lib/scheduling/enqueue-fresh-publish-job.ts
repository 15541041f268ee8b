import type { Queue } from "bullmq";
import { enqueuePublishJob, removePublishJob } from "@/lib/queue/enqueue-publish-job";

/**
 * Adds the job for this version. A job with the same id can only be a leftover of a transaction that rolled
 * back after enqueueing; BullMQ would keep it (and its old delay) instead of adding ours, so it goes first.
 */
export async function enqueueFreshPublishJob(
  queue: Queue,
  job: { postId: string; workspaceId: string; version: number },
  scheduledAt: Date,
  now: Date,
) {
  await removePublishJob({ queue, postId: job.postId, version: job.version });
  await enqueuePublishJob({ queue, job, scheduledAt, now: now.getTime() });
}
