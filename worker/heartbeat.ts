import type { Redis } from "ioredis";
import { logger } from "@/lib/log";
import {
  HEARTBEAT_EVERY_MS,
  HEARTBEAT_TTL_MS,
  type WorkerHeartbeat,
  workerHeartbeatKey,
} from "@/lib/queue/status-keys";

const log = logger("worker:heartbeat");

/** Refreshes this worker's heartbeat key (read by GET /api/health); the returned function stops and deletes it. */
export function startHeartbeat({ redis, queueName, workerId }: { redis: Redis; queueName: string; workerId: string }) {
  const key = workerHeartbeatKey(queueName, workerId);
  const startedAt = new Date().toISOString();
  const beat = () => {
    const value: WorkerHeartbeat = { workerId, pid: process.pid, startedAt, at: new Date().toISOString() };
    redis.set(key, JSON.stringify(value), "PX", HEARTBEAT_TTL_MS).catch((err: unknown) => {
      log.warn({ err, workerId }, "heartbeat write failed");
    });
  };
  beat();
  const timer = setInterval(beat, HEARTBEAT_EVERY_MS);
  return async () => {
    clearInterval(timer);
    await redis.del(key).catch(() => undefined);
  };
}
