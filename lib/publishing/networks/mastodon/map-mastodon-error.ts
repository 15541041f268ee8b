import { MastoHttpError } from "masto";
import { OutboundRefusedError } from "@/lib/net/outbound-guard";
import { sanitiseExcerpt } from "@/lib/net/sanitise-excerpt";
import { PublishError } from "@/lib/publishing/networks/types";

/**
 * How long the server asked to wait, in ms: `Retry-After` (seconds or an HTTP date, RFC 9110 §10.2.3), else
 * `X-RateLimit-Reset` (an ISO 8601 instant: https://docs.joinmastodon.org/api/rate-limits/). Undefined when neither
 * is present or readable.
 */
export function mastodonRetryAfterMs(headers: Headers | undefined, now = Date.now()): number | undefined {
  if (!headers) return undefined;
  const retryAfter = headers.get("retry-after");
  if (retryAfter) {
    const seconds = Number(retryAfter);
    if (Number.isFinite(seconds)) return Math.max(0, seconds * 1000);
    const at = Date.parse(retryAfter);
    if (!Number.isNaN(at)) return Math.max(0, at - now);
  }
  const reset = headers.get("x-ratelimit-reset");
  if (reset) {
    const at = Date.parse(reset);
    if (!Number.isNaN(at)) return Math.max(0, at - now);
  }
  return undefined;
}

/** The HTTP status of a masto error, or undefined when no answer came (network error, timeout, abort). */
export function mastodonHttpStatus(err: unknown): number | undefined {
  return err instanceof MastoHttpError ? err.statusCode : undefined;
}

/** The server's own words for a refusal: its `error` and `error_description`, printable and at most 300 chars. */
export function mastodonMessage(err: unknown): string {
  if (err instanceof MastoHttpError) {
    const said = [err.message, err.description].filter(Boolean).join(": ");
    return sanitiseExcerpt(said || `HTTP ${err.statusCode}`, { max: 300 });
  }
  const cause = (err as { cause?: { code?: string; message?: string } })?.cause;
  return sanitiseExcerpt(cause?.code ?? cause?.message ?? (err as Error)?.message ?? String(err), { max: 300 });
}

/**
 * A Mastodon server's answer (or its absence) as a PublishError, for requests that are safe to repeat (uploads,
 * reads): 401 → "reconnect" (the token expired or was revoked: https://docs.joinmastodon.org/client/authorized/);
 * 429 → transient after the server's wait (mastodonRetryAfterMs); 408 and 5xx → transient; other 4xx (422 content
 * refusals, 413 too large) → permanent with the server's message; no answer → transient (nothing was made, or
 * something harmless: an unattached upload, which the server removes). A refused address is permanent, an
 * unresolvable one transient. `what` names the step ("uploading media 2").
 */
export function mapMastodonError(err: unknown, what: string): PublishError {
  if (err instanceof PublishError) return err;
  if (err instanceof OutboundRefusedError) {
    return err.kind === "refused"
      ? new PublishError("permanent", `Mastodon server refused: it ${err.message}`)
      : new PublishError("transient", `Mastodon server unreachable: ${err.message}`);
  }
  const status = mastodonHttpStatus(err);
  const message = `${what}: ${mastodonMessage(err)}`;
  if (status === undefined) return new PublishError("transient", `${message} (no answer)`);
  if (status === 401) {
    return new PublishError("reconnect", `the Mastodon server refused the access token (${message})`, {
      httpStatus: status,
    });
  }
  if (status === 429 || status === 408 || status >= 500) {
    const headers = ((err as { cause?: unknown }).cause as Response | undefined)?.headers;
    return new PublishError("transient", message, { httpStatus: status, retryAfterMs: mastodonRetryAfterMs(headers) });
  }
  return new PublishError("permanent", message, { httpStatus: status });
}
