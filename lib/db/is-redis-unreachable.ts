/**
 * True when `err` is ioredis (or BullMQ through it) failing to reach Redis: socket errors, a closed or not yet
 * writable connection with the offline queue off, a command past `commandTimeout`, or the per-request retry
 * limit (ioredis README, "Auto-reconnect" / "Offline Queue"; https://github.com/redis/ioredis#readme).
 */
export function isRedisUnreachable(err: unknown): boolean {
  if (!(err instanceof Error)) return false;
  const code = (err as { code?: unknown }).code;
  if (typeof code === "string" && REDIS_SOCKET_CODES.has(code)) return true;
  return err.name === "MaxRetriesPerRequestError" || REDIS_MESSAGES.some((m) => m.test(err.message));
}

const REDIS_SOCKET_CODES = new Set(["ECONNREFUSED", "ECONNRESET", "ETIMEDOUT", "EHOSTUNREACH", "EPIPE", "ENOTFOUND"]);
const REDIS_MESSAGES = [
  /connection is closed/i,
  /command timed out/i,
  /stream isn't writeable/i,
  /max retries per request/i,
  /socket closed unexpectedly/i,
  /^connect E[A-Z]+/,
];
