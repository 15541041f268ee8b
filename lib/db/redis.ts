import { Redis, type RedisOptions } from "ioredis";
import { watchRedisConnection } from "@/lib/db/redis-outage-log";
import { getEnv } from "@/lib/env";

/**
 * How long a producer waits for any one Redis reply. A Redis that hangs (stopped, swapping, stuck on a slow
 * command) accepts the connection and then says nothing: without this bound every request that touches it would
 * hang as well. ioredis rejects the command with "Command timed out" (its `commandTimeout` option).
 */
export const PRODUCER_COMMAND_TIMEOUT_MS = 500;

/**
 * Two kinds of connection, as BullMQ's production guide says:
 * - producers (route handlers, CLI) fail fast when Redis is down or hangs, so the caller gets an error, not a
 *   wait: no offline queue, one retry, every command bounded by PRODUCER_COMMAND_TIMEOUT_MS;
 * - workers retry forever (maxRetriesPerRequest: null) and ride out a Redis restart.
 * Both log an outage as one structured line when it starts and one when it ends (lib/db/redis-outage-log.ts).
 */
export function createRedis(kind: "producer" | "worker", url = getEnv().REDIS_URL): Redis {
  const options: RedisOptions =
    kind === "producer"
      ? {
          maxRetriesPerRequest: 1,
          enableOfflineQueue: false,
          connectTimeout: 2_000,
          commandTimeout: PRODUCER_COMMAND_TIMEOUT_MS,
          lazyConnect: false,
        }
      : { maxRetriesPerRequest: null, enableReadyCheck: false };
  return watchRedisConnection(new Redis(url, options));
}

const globalForRedis = globalThis as unknown as { cadenceRedis?: Redis };

/** The process-wide fail-fast connection used by the web app to enqueue and read queue state. */
export function getProducerRedis(): Redis {
  globalForRedis.cadenceRedis ??= createRedis("producer");
  return globalForRedis.cadenceRedis;
}
