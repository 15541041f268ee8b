import { Redis, type RedisOptions } from "ioredis";
import { getEnv } from "@/lib/env";

/**
 * Two kinds of connection, as BullMQ's production guide says:
 * - producers (route handlers, CLI) fail fast when Redis is down, so the caller gets an error, not a hang;
 * - workers retry forever (maxRetriesPerRequest: null) and ride out a Redis restart.
 */
export function createRedis(kind: "producer" | "worker", url = getEnv().REDIS_URL): Redis {
  const options: RedisOptions =
    kind === "producer"
      ? { maxRetriesPerRequest: 1, enableOfflineQueue: false, connectTimeout: 2_000, lazyConnect: false }
      : { maxRetriesPerRequest: null, enableReadyCheck: false };
  return new Redis(url, options);
}

const globalForRedis = globalThis as unknown as { cadenceRedis?: Redis };

/** The process-wide fail-fast connection used by the web app to enqueue and read queue state. */
export function getProducerRedis(): Redis {
  globalForRedis.cadenceRedis ??= createRedis("producer");
  return globalForRedis.cadenceRedis;
}
