import type { Redis } from "ioredis";
import { isRedisUnreachable } from "@/lib/db/is-redis-unreachable";
import { logger } from "@/lib/log";

const log = logger("db:redis");
/** At most one "unreachable" line per this many ms, however often the connection flaps. */
const MIN_DOWN_LOG_INTERVAL_MS = 30_000;

type State = {
  connections: Set<Redis>;
  downSince: number | null;
  announced: boolean;
  lastDownLogAt: number;
  suppressed: number;
};
const globalForOutage = globalThis as unknown as { cadenceRedisOutage?: State };
const state = (): State => {
  globalForOutage.cadenceRedisOutage ??= {
    connections: new Set(),
    downSince: null,
    announced: false,
    lastDownLogAt: -Infinity,
    suppressed: 0,
  };
  return globalForOutage.cadenceRedisOutage;
};

const firstLine = (err: Error) => err.message.split("\n")[0];
const allReady = (s: State) => [...s.connections].every((c) => c.status === "ready");

/**
 * Reports a Redis error from one of this process's connections (or a BullMQ Worker/Queue 'error' event).
 * Connection failures become ONE structured line per outage ("redis unreachable", rate-limited to one per
 * MIN_DOWN_LOG_INTERVAL_MS) instead of a stack print per reconnect attempt; other errors are logged as they come,
 * one line each. Returns true when the error was a connection failure.
 */
export function reportRedisError(err: Error, where: string): boolean {
  if (!isRedisUnreachable(err)) {
    log.error({ where, error: firstLine(err), code: (err as { code?: string }).code }, "redis error");
    return false;
  }
  const s = state();
  if (s.downSince !== null) {
    s.suppressed++;
    return true;
  }
  const now = Date.now();
  s.downSince = now;
  s.suppressed = 0;
  s.announced = now - s.lastDownLogAt >= MIN_DOWN_LOG_INTERVAL_MS;
  if (s.announced) {
    s.lastDownLogAt = now;
    log.error({ where, error: firstLine(err), code: (err as { code?: string }).code }, "redis unreachable");
  }
  // An error that came from a connection we do not watch (BullMQ's own blocking one) while ours are all fine:
  // the outage is over as soon as it began, so no "reachable again" line would ever come. Close it now.
  if (allReady(s) && where !== "connection") closeOutage(s);
  return true;
}

function closeOutage(s: State) {
  if (s.downSince === null) return;
  if (s.announced) {
    log.info({ downMs: Date.now() - s.downSince, errorsSuppressed: s.suppressed }, "redis reachable again");
  }
  s.downSince = null;
}

/**
 * Routes an ioredis connection's 'error' events through reportRedisError (so ioredis never prints its
 * "Unhandled error event" stack) and closes the outage when every watched connection is ready again.
 */
export function watchRedisConnection(redis: Redis): Redis {
  const s = state();
  s.connections.add(redis);
  redis.on("error", (err: Error) => reportRedisError(err, "connection"));
  redis.on("ready", () => {
    if (allReady(s)) closeOutage(s);
  });
  redis.on("end", () => s.connections.delete(redis));
  return redis;
}
