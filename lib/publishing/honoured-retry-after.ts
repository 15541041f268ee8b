/**
 * How long to wait for a platform's Retry-After (RFC 9110 §10.2.3: delta-seconds or an HTTP-date, read by the
 * adapter into milliseconds) instead of the usual exponential backoff; null when the hint is not honoured:
 * - absent, not a finite number, or negative (an unreadable header) → null: ordinary backoff;
 * - no longer than `backoffMs` → null: the backoff already waits at least that long;
 * - longer than `capMs` (PUBLISH_RETRY_AFTER_CAP_MS, default 15 min) → null: a `Retry-After: 86400` (or
 *   `99999999999`) must not hold a post PUBLISHING for a day (or for ever); the attempt counts as an ordinary
 *   transient failure instead, so the retries run out and the post settles.
 * Otherwise the hint itself, in ms.
 */
export function honouredRetryAfterMs({
  retryAfterMs,
  backoffMs,
  capMs,
}: {
  retryAfterMs: number | undefined;
  backoffMs: number;
  capMs: number;
}): number | null {
  if (retryAfterMs === undefined || !Number.isFinite(retryAfterMs) || retryAfterMs < 0) return null;
  if (retryAfterMs <= backoffMs || retryAfterMs > capMs) return null;
  return retryAfterMs;
}
