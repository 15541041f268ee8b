import { type Job, Worker } from "bullmq";
import { createRedis } from "@/lib/db/redis";
import type { AdapterLookup } from "@/lib/publishing/networks/get-platform-adapter";
import { processPublishJob } from "@/lib/publishing/process-publish-job";
import { createPublishQueue, PUBLISH_JOB_NAME } from "@/lib/queue/publish-queue";
import { lastSweepKey } from "@/lib/queue/status-keys";

/**
 * An in-process publish worker on its own queue, wired like worker/index.ts (same processor, same lease-tuned
 * lock), with the adapter lookup open so a test can put a double at the social-platform edge.
 */
export async function startPublishWorker({ queueName, adapterFor }: { queueName: string; adapterFor?: AdapterLookup }) {
  const redis = createRedis("worker");
  const workerRedis = createRedis("worker");
  const queue = createPublishQueue(redis, queueName);
  const errors: Error[] = [];
  const worker = new Worker(
    queueName,
    async (job: Job, token?: string, signal?: AbortSignal) => {
      if (job.name !== PUBLISH_JOB_NAME) throw new Error(`unexpected job ${job.name}`);
      return processPublishJob({ job, token, signal, adapterFor });
    },
    { connection: workerRedis, concurrency: 10, lockDuration: 5_000, stalledInterval: 5_000 },
  );
  worker.on("error", (err) => errors.push(err));
  await worker.waitUntilReady();
  return {
    queue,
    redis,
    worker,
    errors,
    async close() {
      await worker.close();
      await queue.obliterate({ force: true }).catch(() => undefined);
      await redis.del(lastSweepKey(queueName));
      await queue.close();
      await Promise.allSettled([redis.quit(), workerRedis.quit()]);
    },
  };
}

export type PublishWorker = Awaited<ReturnType<typeof startPublishWorker>>;
