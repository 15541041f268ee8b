import type { JobType, Queue } from "bullmq";
import type { Redis } from "ioredis";
import { ApiError } from "@/lib/api/errors";
import { withTimeout } from "@/lib/async/with-timeout";
import { listWorkerHeartbeats } from "@/lib/health/list-worker-heartbeats";
import { logger } from "@/lib/log";
import { lastSweepKey, sweepResultSchema } from "@/lib/queue/status-keys";
import type { DeploymentQueueStatus } from "@/lib/schemas/scheduling";

const log = logger("cli:queue");

const STATES: JobType[] = ["waiting", "delayed", "prioritized", "active", "completed", "failed", "waiting-children"];

/**
 * The operator's view of the whole deployment (`npm run cadence -- queue status`, never an API answer: it spans
 * every workspace): job counts by state, the last sweep (what it recovered) and the live workers (id, pid).
 * `redis` is the connection the queue was built on (or any to the same server).
 * @throws ApiError unavailable when Redis does not answer within 3 s.
 */
export async function getDeploymentQueueStatus({
  queue,
  redis,
}: {
  queue: Queue;
  redis: Redis;
}): Promise<DeploymentQueueStatus> {
  try {
    return await withTimeout(readStatus(queue, redis), 3_000, "Redis did not answer");
  } catch (err) {
    log.error({ err, queue: queue.name }, "could not read the queue status");
    throw new ApiError("unavailable", "The publishing queue is unavailable");
  }
}

async function readStatus(queue: Queue, redis: Redis): Promise<DeploymentQueueStatus> {
  await queue.waitUntilReady();
  const [counts, lastSweepRaw, workers] = await Promise.all([
    queue.getJobCounts(...STATES),
    redis.get(lastSweepKey(queue.name)),
    listWorkerHeartbeats({ redis, queueName: queue.name }),
  ]);
  let lastSweep: DeploymentQueueStatus["lastSweep"] = null;
  if (lastSweepRaw) {
    const parsed = sweepResultSchema.safeParse(JSON.parse(lastSweepRaw));
    lastSweep = parsed.success ? parsed.data : null;
  }
  return { queue: queue.name, counts, lastSweep, workers };
}
