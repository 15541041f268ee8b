import type { Queue } from "bullmq";
import type { Redis } from "ioredis";
import type { MongoClient } from "mongodb";
import { withTimeout } from "@/lib/async/with-timeout";
import type { Db } from "@/lib/db/prisma";
import { listWorkerHeartbeats } from "@/lib/health/list-worker-heartbeats";
import type { HealthResponse } from "@/lib/schemas/scheduling";

/** Each check's bound, so /api/health answers within a second even when a store hangs instead of refusing. */
const CHECK_TIMEOUT_MS = 800;

type Check = HealthResponse["checks"]["postgres"];

async function timed(run: () => Promise<unknown>): Promise<Check> {
  const started = performance.now();
  try {
    await withTimeout(run(), CHECK_TIMEOUT_MS, `no answer within ${CHECK_TIMEOUT_MS} ms`);
    return { ok: true, latencyMs: Math.round(performance.now() - started) };
  } catch (err) {
    // The message only: no stack, no connection string.
    const error = err instanceof Error ? err.message.split("\n")[0] : "unreachable";
    return { ok: false, latencyMs: Math.round(performance.now() - started), error };
  }
}

/**
 * PostgreSQL SELECT 1, Redis PING, MongoDB ping and a live worker heartbeat, concurrently, each time-boxed.
 * `redis` is the connection `queue` was built on (the queue waits for it to be ready).
 */
export async function checkHealth({
  db,
  queue,
  redis,
  mongo,
}: {
  db: Db;
  queue: Queue;
  redis: Redis;
  mongo: MongoClient;
}): Promise<HealthResponse> {
  const [postgresCheck, redisCheck, mongoCheck, workerCheck] = await Promise.all([
    timed(() => db.$queryRaw`SELECT 1`),
    timed(async () => {
      await queue.waitUntilReady();
      return redis.ping();
    }),
    timed(() => mongo.db().command({ ping: 1 })),
    timed(async () => {
      await queue.waitUntilReady();
      const workers = await listWorkerHeartbeats({ redis, queueName: queue.name });
      if (workers.length === 0) throw new Error("no worker heartbeat");
    }),
  ]);
  const checks = { postgres: postgresCheck, redis: redisCheck, mongodb: mongoCheck, worker: workerCheck };
  return { ok: Object.values(checks).every((c) => c.ok), checks };
}
