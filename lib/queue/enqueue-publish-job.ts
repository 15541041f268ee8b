import type { Queue } from "bullmq";
import { withTimeout } from "@/lib/async/with-timeout";
import { getEnv } from "@/lib/env";
import { logger } from "@/lib/log";
import { PUBLISH_JOB_NAME, type PublishJob, publishJobId } from "@/lib/queue/publish-queue";

/**
 * Adds the delayed job that publishes `postId` at `scheduledAt`. The job wakes PUBLISH_PREWAKE_MS early and the
 * processor waits out the rest, so a post starts on time instead of BullMQ's usual 10-100 ms late.
 * Adding the same post version twice yields one job.
 */
export async function enqueuePublishJob({
  queue,
  job,
  scheduledAt,
  now = Date.now(),
}: {
  queue: Queue;
  job: PublishJob;
  scheduledAt: Date;
  now?: number;
}): Promise<string> {
  const jobId = publishJobId(job.postId, job.version);
  const delay = Math.max(0, scheduledAt.getTime() - now - getEnv().PUBLISH_PREWAKE_MS);
  await queue.add(PUBLISH_JOB_NAME, job, {
    jobId,
    delay,
    attempts: getEnv().PUBLISH_MAX_ATTEMPTS,
    backoff: { type: "exponential", delay: getEnv().PUBLISH_BACKOFF_MS },
  });
  return jobId;
}

/** Removes a post version's job if it is still waiting; a running job finds the post changed and drops itself. */
export async function removePublishJob({ queue, postId, version }: { queue: Queue; postId: string; version: number }) {
  const job = await queue.getJob(publishJobId(postId, version));
  if (!job) return;
  try {
    await job.remove();
  } catch {
    // Locked by an active worker: the processor's version check makes it a no-op.
  }
}

const log = logger("queue:publish");
const DISCARD_TIMEOUT_MS = 2_000;

/**
 * Best-effort removal of a job whose post version is already superseded in the database (unscheduled,
 * rescheduled, deleted, rolled back): time-boxed so a dead Redis never holds the caller, never throws, and a job
 * left behind is harmless because the processor drops stale versions.
 */
export async function discardPublishJob({ queue, postId, version }: { queue: Queue; postId: string; version: number }) {
  await withTimeout(removePublishJob({ queue, postId, version }), DISCARD_TIMEOUT_MS).catch((err: unknown) =>
    log.warn({ err, postId, version }, "could not remove a superseded job; the worker drops it as stale"),
  );
}
