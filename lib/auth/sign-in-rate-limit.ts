import { createHash } from "node:crypto";
import type { Redis } from "ioredis";
import { getEnv } from "@/lib/env";
import { logger } from "@/lib/log";

// Sign-in attempts are counted in Redis twice: per account (the normalised email, whatever address guesses) and per
// client address (whatever account it tries; lib/api/client-address.ts says where the address comes from). Each
// counter lives SIGN_IN_WINDOW_MS from its first attempt; while either is at its limit
// (SIGN_IN_MAX_FAILURES_PER_ACCOUNT / _PER_ADDRESS) sign-in answers 429. Check and count are one Lua script, so
// parallel guesses cannot pass the limit between a read and a write: an attempt is counted before the password is
// checked, and a right password gives it back (the account's counter is cleared, the address's decremented).
// The per-account limit means a guesser can lock its owner out for one window; argon2 already makes each guess
// slow. If Redis is down, sign-in still works (logged): locking everyone out would be worse than no counter.

const log = logger("auth:rate-limit");

export type SignInLimitKeys = { account: string; address: string };

const hash = (s: string) => createHash("sha256").update(s).digest("hex");

/** Redis keys of the two counters (hashed: no email or address is stored in clear). */
export function signInLimitKeys(email: string, address: string): SignInLimitKeys {
  return {
    account: `cadence:auth:sign-in:account:${hash(email)}`,
    address: `cadence:auth:sign-in:address:${hash(address)}`,
  };
}

// KEYS: account, address. ARGV: account limit, address limit, window ms. Returns 0 (counted) or the ms to wait.
const RESERVE = `
local limits = { tonumber(ARGV[1]), tonumber(ARGV[2]) }
local wait = -1
for i = 1, 2 do
  local n = tonumber(redis.call('GET', KEYS[i]) or '0')
  if n >= limits[i] then
    local ttl = redis.call('PTTL', KEYS[i])
    if ttl < 0 then ttl = tonumber(ARGV[3]) end
    if ttl > wait then wait = ttl end
  end
end
if wait >= 0 then return math.max(wait, 1) end
for i = 1, 2 do
  if redis.call('INCR', KEYS[i]) == 1 or redis.call('PTTL', KEYS[i]) < 0 then
    redis.call('PEXPIRE', KEYS[i], ARGV[3])
  end
end
return 0`;

// KEYS: account, address. A right password: the account starts afresh, the address gets its attempt back.
const REFUND = `
redis.call('DEL', KEYS[1])
if tonumber(redis.call('GET', KEYS[2]) or '0') > 0 then redis.call('DECR', KEYS[2]) end
return 1`;

const pendingReady = new WeakMap<Redis, Promise<void>>();

/**
 * The fail-fast producer connection refuses commands until it is connected: give a fresh one a moment (one
 * shared wait per connection, however many sign-ins arrive at once).
 */
async function ready(redis: Redis, timeoutMs = 1_000): Promise<void> {
  if (redis.status === "ready") return;
  let pending = pendingReady.get(redis);
  if (!pending) {
    pending = new Promise<void>((resolve) => {
      const done = () => {
        clearTimeout(timer);
        redis.off("ready", done);
        pendingReady.delete(redis);
        resolve();
      };
      const timer = setTimeout(done, timeoutMs);
      redis.once("ready", done);
    });
    pendingReady.set(redis, pending);
  }
  await pending;
}

/**
 * Counts one sign-in attempt against both counters, atomically, unless either is already at its limit.
 * Returns 0 when the attempt may go ahead (and is counted), else the milliseconds until the blocking window ends.
 */
export async function reserveSignInAttempt(redis: Redis, keys: SignInLimitKeys): Promise<number> {
  const env = getEnv();
  try {
    await ready(redis);
    const result = await redis.eval(
      RESERVE,
      2,
      keys.account,
      keys.address,
      env.SIGN_IN_MAX_FAILURES_PER_ACCOUNT,
      env.SIGN_IN_MAX_FAILURES_PER_ADDRESS,
      env.SIGN_IN_WINDOW_MS,
    );
    return Number(result);
  } catch (err) {
    log.warn({ err }, "sign-in rate limit unavailable (Redis); allowing the attempt");
    return 0;
  }
}

/** After a right password: clears the account's counter and gives the address its attempt back. */
export async function refundSignInAttempt(redis: Redis, keys: SignInLimitKeys): Promise<void> {
  try {
    await redis.eval(REFUND, 2, keys.account, keys.address);
  } catch (err) {
    log.warn({ err }, "could not clear failed sign-ins (Redis)");
  }
}
