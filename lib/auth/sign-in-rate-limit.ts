import { createHash } from "node:crypto";
import type { Redis } from "ioredis";
import { logger } from "@/lib/log";

// Failed sign-ins are counted per email + client address in Redis (a fixed 15-minute window from the first
// failure); past the limit, sign-in answers 429 until the window ends. A success clears the count. Modest on
// purpose: argon2 already makes each guess slow, and this keeps one address from grinding one account.
// If Redis is down, sign-in still works (logged): locking everyone out would be worse than no counter.

const log = logger("auth:rate-limit");

export const SIGN_IN_MAX_FAILURES = 10;
export const SIGN_IN_WINDOW_MS = 15 * 60_000;

export function signInLimitKey(email: string, ip: string): string {
  return `cadence:auth:sign-in:${createHash("sha256").update(`${email}\n${ip}`).digest("hex")}`;
}

/** The fail-fast producer connection refuses commands until it is connected: give a fresh one a moment. */
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

/** Milliseconds until the window ends when the limit is reached, else 0. */
export async function signInBlockedFor(redis: Redis, key: string): Promise<number> {
  try {
    await ready(redis);
    const [count, ttl] = await Promise.all([redis.get(key), redis.pttl(key)]);
    if (Number(count ?? 0) < SIGN_IN_MAX_FAILURES) return 0;
    return ttl > 0 ? ttl : SIGN_IN_WINDOW_MS;
  } catch (err) {
    log.warn({ err }, "sign-in rate limit unavailable (Redis); allowing the attempt");
    return 0;
  }
}

export async function recordSignInFailure(redis: Redis, key: string): Promise<void> {
  try {
    const count = await redis.incr(key);
    if (count === 1) await redis.pexpire(key, SIGN_IN_WINDOW_MS);
  } catch (err) {
    log.warn({ err }, "could not count a failed sign-in (Redis)");
  }
}

export async function clearSignInFailures(redis: Redis, key: string): Promise<void> {
  try {
    await redis.del(key);
  } catch (err) {
    log.warn({ err }, "could not clear failed sign-ins (Redis)");
  }
}
