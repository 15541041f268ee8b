import type { Redis } from "ioredis";
import { type WorkerHeartbeat, workerHeartbeatPattern, workerHeartbeatSchema } from "@/lib/queue/status-keys";

/** The workers whose heartbeat key has not expired (each key lives HEARTBEAT_TTL_MS after its last beat). */
export async function listWorkerHeartbeats({
  redis,
  queueName,
}: {
  redis: Redis;
  queueName: string;
}): Promise<WorkerHeartbeat[]> {
  const keys: string[] = [];
  let cursor = "0";
  do {
    const [next, batch] = await redis.scan(cursor, "MATCH", workerHeartbeatPattern(queueName), "COUNT", 500);
    cursor = next;
    keys.push(...batch);
  } while (cursor !== "0");
  if (keys.length === 0) return [];
  const values = await redis.mget(...keys);
  return values.flatMap((value) => {
    if (!value) return [];
    try {
      const parsed = workerHeartbeatSchema.safeParse(JSON.parse(value));
      return parsed.success ? [parsed.data] : [];
    } catch {
      return [];
    }
  });
}
