import { OutboundRefusedError } from "@/lib/net/outbound-guard";
import { sanitiseExcerpt } from "@/lib/net/sanitise-excerpt";
import { LinkedInHttpError } from "@/lib/publishing/networks/linkedin/linkedin-api";
import { PublishError } from "@/lib/publishing/networks/types";

/**
 * How long to wait after a 429, in ms. LinkedIn sends no reset header: its limits are per application and per member
 * per day and "reset at midnight UTC every day"
 * (https://learn.microsoft.com/en-us/linkedin/shared/api-guide/concepts/rate-limits). So: the answer's Retry-After
 * when it has one (RFC 9110 §10.2.3, seconds or an HTTP date; LinkedIn's infrastructure protection may send it),
 * else the time until the next 00:00 UTC. The publishing core waits that long only when it is within
 * PUBLISH_RETRY_AFTER_CAP_MS, otherwise it backs off as usual and the retries run out (the post does not sit in
 * PUBLISHING for hours).
 */
export function linkedinRetryAfterMs(headers: Headers | undefined, now = Date.now()): number {
  const retryAfter = headers?.get("retry-after");
  if (retryAfter) {
    const seconds = Number(retryAfter);
    if (Number.isFinite(seconds)) return Math.max(0, seconds * 1000);
    const at = Date.parse(retryAfter);
    if (!Number.isNaN(at)) return Math.max(0, at - now);
  }
  const midnight = new Date(now);
  midnight.setUTCHours(24, 0, 0, 0);
  return midnight.getTime() - now;
}

/** The HTTP status of a LinkedIn error, or undefined when no answer came. */
export function linkedinHttpStatus(err: unknown): number | undefined {
  return err instanceof LinkedInHttpError ? err.status : undefined;
}

/** LinkedIn's own words for an error (its `message`, with `code`), or the network error's; printable, ≤ 400 chars. */
export function linkedinMessage(err: unknown): string {
  if (err instanceof LinkedInHttpError) return err.code ? `${err.message} (${err.code})` : err.message;
  const cause = (err as { cause?: { code?: string; message?: string } })?.cause;
  const said = cause?.code ?? cause?.message ?? (err as Error)?.message ?? String(err);
  return sanitiseExcerpt(said, { max: 400 });
}

/**
 * A LinkedIn answer (or its absence) as a PublishError, keeping LinkedIn's message
 * (https://learn.microsoft.com/en-us/linkedin/shared/api-guide/concepts/error-handling):
 * - 401 (INVALID_ACCESS_TOKEN, REVOKED_ACCESS_TOKEN, EXPIRED_ACCESS_TOKEN) → "reconnect";
 * - 429 → transient, retryAfterMs from linkedinRetryAfterMs (Retry-After, else the next 00:00 UTC);
 * - 408, 5xx, no answer → transient (use this only for steps that are safe to repeat; creating the post is not);
 * - 403 (ACCESS_DENIED: a missing permission, or not an administrator of the page) → permanent;
 * - 426 NONEXISTENT_VERSION (the LinkedIn-Version was sunset) → permanent, naming LINKEDIN_API_VERSION;
 * - 422 "Content is a duplicate of …" → permanent; other 4xx (a rejected image, bad content) → permanent.
 * An address the outbound policy refuses is permanent, an unresolvable one transient. `what` names the step.
 */
export function mapLinkedInError(err: unknown, what: string): PublishError {
  if (err instanceof PublishError) return err;
  if (err instanceof OutboundRefusedError) {
    return err.kind === "refused"
      ? new PublishError("permanent", `${what}: LinkedIn's address is refused: it ${err.message}`)
      : new PublishError("transient", `${what}: LinkedIn unreachable: ${err.message}`);
  }
  const status = linkedinHttpStatus(err);
  const message = `${what}: ${linkedinMessage(err)}`;
  if (status === undefined) return new PublishError("transient", `${message} (no answer from LinkedIn)`);
  const opts = { httpStatus: status };
  if (status === 401) {
    return new PublishError("reconnect", `LinkedIn refused the access token (${message})`, opts);
  }
  if (status === 429) {
    const headers = (err as LinkedInHttpError).headers;
    return new PublishError("transient", `${message}; LinkedIn's daily limits reset at 00:00 UTC`, {
      ...opts,
      retryAfterMs: linkedinRetryAfterMs(headers),
    });
  }
  if (status === 408 || status >= 500) return new PublishError("transient", message, opts);
  if (status === 403) {
    return new PublishError("permanent", `LinkedIn refused: a permission is missing (${message})`, opts);
  }
  if (status === 426) {
    return new PublishError(
      "permanent",
      `LinkedIn no longer serves the API version Cadence sends: set LINKEDIN_API_VERSION to a current one (${message})`,
      opts,
    );
  }
  if (status === 422 && /duplicate/i.test(linkedinMessage(err))) {
    return new PublishError("permanent", `LinkedIn refused the post as a duplicate (${message})`, opts);
  }
  return new PublishError("permanent", message, opts);
}
