import type { Queue } from "bullmq";
import { withTimeout } from "@/lib/async/with-timeout";
import { logger } from "@/lib/log";
import { publishJobSpec } from "@/lib/queue/publish-job-spec";
import { type PublishJob, publishJobId } from "@/lib/queue/publish-queue";

/**
 * How long a request may wait for one post's enqueue (one remove, one add; each command bounded by the producer
 * connection's commandTimeout): a Redis that does not answer must not hold the request, nor the transaction and
 * its row lock. Scheduling, create-and-schedule and the evergreen rotation (per batch) all use it.
 */
export const ENQUEUE_TIMEOUT_MS = 800;

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
  const spec = publishJobSpec({ job, scheduledAt, now });
  await queue.add(spec.name, spec.data, spec.opts);
  const jobId = spec.opts.jobId;
  return jobId;
}

/**
 * Removes a post version's job if it is not running, in ONE Redis command (BullMQ's removeJob script): sent right
 * after an add on the same connection, it runs after that add even when Redis hangs and wakes later, so a
 * compensating remove never loses the race to the job it removes. A job locked by an active worker stays; the
 * processor's version check makes it a no-op.
 */
export async function removePublishJob({ queue, postId, version }: { queue: Queue; postId: string; version: number }) {
  await queue.remove(publishJobId(postId, version));
}

const log = logger("queue:publish");
/** One command (PRODUCER_COMMAND_TIMEOUT_MS on producer connections) plus a margin for a connection still opening. */
const DISCARD_TIMEOUT_MS = 700;

/**
 * Best-effort removal of a job whose post version is already superseded in the database (unscheduled,
 * rescheduled, deleted, rolled back): time-boxed so a dead or hung Redis never holds the caller, never throws. A hung Redis
 * still runs the removal when it wakes (the command was sent); a job left behind is harmless anyway because the
 * processor drops stale versions.
 */
export async function discardPublishJob({ queue, postId, version }: { queue: Queue; postId: string; version: number }) {
  await withTimeout(removePublishJob({ queue, postId, version }), DISCARD_TIMEOUT_MS).catch((err: unknown) =>
    log.warn(
      { error: (err as Error).message, postId, version },
      "could not remove a superseded job; the worker drops it as stale",
    ),
  );
}
