import type { JobType, Queue } from "bullmq";
import type { Redis } from "ioredis";
import { ApiError } from "@/lib/api/errors";
import { withTimeout } from "@/lib/async/with-timeout";
import { listWorkerHeartbeats } from "@/lib/health/list-worker-heartbeats";
import { logger } from "@/lib/log";
import { lastSweepKey, sweepResultSchema } from "@/lib/queue/status-keys";
import type { QueueStatusResponse } from "@/lib/schemas/scheduling";

const log = logger("api:queue");

/** A hung Redis must not hold the request: 503 within a second. */
const STATUS_TIMEOUT_MS = 800;

const STATES: JobType[] = ["waiting", "delayed", "prioritized", "active", "completed", "failed", "waiting-children"];

/**
 * Job counts by state, the last sweep (what it recovered) and the live workers; 503 when Redis is down.
 * `redis` is the connection the queue was built on (or any to the same server).
 */
export async function getQueueStatus({ queue, redis }: { queue: Queue; redis: Redis }): Promise<QueueStatusResponse> {
  try {
    return await withTimeout(readStatus(queue, redis), STATUS_TIMEOUT_MS, "Redis did not answer");
  } catch (err) {
    log.error({ err, queue: queue.name }, "could not read the queue status");
    throw new ApiError("unavailable", "The publishing queue is unavailable");
  }
}

async function readStatus(queue: Queue, redis: Redis): Promise<QueueStatusResponse> {
  await queue.waitUntilReady();
  const [counts, lastSweepRaw, workers] = await Promise.all([
    queue.getJobCounts(...STATES),
    redis.get(lastSweepKey(queue.name)),
    listWorkerHeartbeats({ redis, queueName: queue.name }),
  ]);
  let lastSweep: QueueStatusResponse["lastSweep"] = null;
  if (lastSweepRaw) {
    const parsed = sweepResultSchema.safeParse(JSON.parse(lastSweepRaw));
    lastSweep = parsed.success ? parsed.data : null;
  }
  return { queue: queue.name, counts, lastSweep, workers };
}
