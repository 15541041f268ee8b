import type { JobsOptions } from "bullmq";
import { getEnv } from "@/lib/env";
import { PUBLISH_JOB_NAME, type PublishJob, publishJobId } from "@/lib/queue/publish-queue";

/**
 * The one description of a post version's publish job, shared by the single add (enqueuePublishJob) and the bulk
 * add (scheduleImportedPosts' `queue.addBulk`), so both give the same deterministic id (publishJobId), delay
 * (wakes PUBLISH_PREWAKE_MS early; 0 when the time is that close), attempts and backoff. `now` in epoch ms.
 */
export function publishJobSpec({ job, scheduledAt, now }: { job: PublishJob; scheduledAt: Date; now: number }): {
  name: string;
  data: PublishJob;
  opts: JobsOptions & { jobId: string; delay: number };
} {
  const env = getEnv();
  return {
    name: PUBLISH_JOB_NAME,
    data: job,
    opts: {
      jobId: publishJobId(job.postId, job.version),
      delay: Math.max(0, scheduledAt.getTime() - now - env.PUBLISH_PREWAKE_MS),
      attempts: env.PUBLISH_MAX_ATTEMPTS,
      backoff: { type: "exponential", delay: env.PUBLISH_BACKOFF_MS },
    },
  };
}
