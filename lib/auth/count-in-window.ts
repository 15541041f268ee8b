import type { Redis } from "ioredis";
import { logger } from "@/lib/log";

const log = logger("auth:rate-limit");

// KEYS: the counter. ARGV: limit, window ms. Returns 0 (counted) or the ms until the window ends (at the limit).
const COUNT = `
local n = tonumber(redis.call('GET', KEYS[1]) or '0')
if n >= tonumber(ARGV[1]) then
  local ttl = redis.call('PTTL', KEYS[1])
  if ttl < 0 then ttl = tonumber(ARGV[2]) end
  return math.max(ttl, 1)
end
if redis.call('INCR', KEYS[1]) == 1 or redis.call('PTTL', KEYS[1]) < 0 then
  redis.call('PEXPIRE', KEYS[1], ARGV[2])
end
return 0`;

/** The fail-fast producer connection refuses commands until connected: give a fresh one up to `timeoutMs`. */
async function ready(redis: Redis, timeoutMs = 1_000): Promise<void> {
  if (redis.status === "ready") return;
  await new Promise<void>((resolve) => {
    const done = () => {
      clearTimeout(timer);
      redis.off("ready", done);
      resolve();
    };
    const timer = setTimeout(done, timeoutMs);
    redis.once("ready", done);
  });
}

/**
 * Counts one event against a fixed-window counter in Redis (`key`, living `windowMs` from its first event), unless it
 * is already at `limit`; check and count are one Lua script, so parallel requests cannot pass the limit between them.
 * Returns 0 when the event may go ahead (it is counted), else the milliseconds until the window ends. If Redis is
 * unreachable the event is allowed (logged), as sign-in does (lib/auth/sign-in-rate-limit.ts).
 */
export async function countInWindow(redis: Redis, key: string, limit: number, windowMs: number): Promise<number> {
  try {
    await ready(redis);
    return Number(await redis.eval(COUNT, 1, key, limit, windowMs));
  } catch (err) {
    log.warn({ err, key }, "rate limit unavailable (Redis); allowing the request");
    return 0;
  }
}
