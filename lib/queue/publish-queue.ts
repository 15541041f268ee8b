import { Queue, type QueueOptions } from "bullmq";
import type { Redis } from "ioredis";
import { z } from "zod";
import { getProducerRedis } from "@/lib/db/redis";
import { reportRedisError } from "@/lib/db/redis-outage-log";
import { getEnv } from "@/lib/env";

/** What a publish job carries. The processor re-reads the post; the version makes older jobs stale. */
export const publishJobSchema = z.object({
  postId: z.string().min(1),
  workspaceId: z.string().min(1),
  version: z.number().int().nonnegative(),
});
export type PublishJob = z.infer<typeof publishJobSchema>;

export const PUBLISH_JOB_NAME = "publish-post";
export const SWEEP_JOB_NAME = "sweep-due-posts";
export const SWEEPER_SCHEDULER_ID = "cadence-sweeper";

/** Deterministic job id: one job per post version (BullMQ refuses ':' and bare integers in ids). */
export function publishJobId(postId: string, version: number): string {
  return `publish-${postId}-v${version}`;
}

export function publishQueueName(): string {
  return getEnv().PUBLISH_QUEUE_NAME;
}

export const defaultPublishJobOptions: QueueOptions["defaultJobOptions"] = {
  removeOnComplete: { age: 24 * 3600, count: 50_000 },
  removeOnFail: { age: 7 * 24 * 3600 },
};

/**
 * The publish queue on `connection`. Its 'error' events (Redis unreachable) go to the outage log: without a
 * listener BullMQ prints each one to stderr as a multi-line stack (QueueBase.emit falls back to console.error).
 */
export function createPublishQueue(connection: Redis, name = publishQueueName()): Queue {
  const queue = new Queue(name, { connection, defaultJobOptions: defaultPublishJobOptions });
  queue.on("error", (err) => reportRedisError(err, "queue"));
  return queue;
}

const globalForQueue = globalThis as unknown as { cadencePublishQueue?: Queue };

/** The web app's queue handle, on the fail-fast producer connection. */
export function getPublishQueue(): Queue {
  globalForQueue.cadencePublishQueue ??= createPublishQueue(getProducerRedis());
  return globalForQueue.cadencePublishQueue;
}
