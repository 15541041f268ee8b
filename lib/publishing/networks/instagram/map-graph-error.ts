import { OutboundRefusedError } from "@/lib/net/outbound-guard";
import { sanitiseExcerpt } from "@/lib/net/sanitise-excerpt";
import { GraphApiError } from "@/lib/publishing/networks/instagram/graph-fetch";
import { PublishError } from "@/lib/publishing/networks/types";

// ERROR_CODES: https://developers.facebook.com/docs/instagram-platform/instagram-graph-api/reference/error-codes

/** Graph codes of throttling (https://developers.facebook.com/docs/graph-api/overview/rate-limiting). */
const RATE_LIMIT_CODES = new Set([4, 17, 32, 613, 80001, 80002]);
/** Instagram subcodes whose recommended solution is "try again" (or "generate a new container"): ERROR_CODES. */
const TRY_AGAIN_SUBCODES = new Set([2207001, 2207003, 2207020, 2207027, 2207032, 2207053]);
/** Instagram subcodes that say the account cannot publish (restricted, inactive, checkpointed): ERROR_CODES. */
const INELIGIBLE_SUBCODES = new Set([2207050]);

/** The Instagram publishing quota is used up (code 9, subcode 2207042: ERROR_CODES). */
export function isPublishingQuotaError(err: unknown): boolean {
  return err instanceof GraphApiError && err.subcode === 2207042;
}

/**
 * A node that does not exist for this token or does not support the call: code 100 subcode 33, "Unsupported get/post
 * request" (https://developers.facebook.com/docs/graph-api/guides/error-handling). On the IG user node it means the
 * account is not an Instagram professional account the Page's token reaches: "The Instagram API with Facebook Login
 * cannot access Instagram consumer accounts" (https://developers.facebook.com/docs/instagram-platform/instagram-api-with-facebook-login).
 */
export function isUnsupportedNodeError(err: unknown): boolean {
  return err instanceof GraphApiError && err.code === 100 && err.subcode === 33;
}

/**
 * How long Meta asked to wait, in ms: the largest `estimated_time_to_regain_access` (minutes) in
 * X-Business-Use-Case-Usage (Instagram's per-account limits), else Retry-After seconds. Undefined when absent.
 */
export function graphRetryAfterMs(headers: Headers | undefined): number | undefined {
  if (!headers) return undefined;
  const usage = headers.get("x-business-use-case-usage");
  if (usage) {
    try {
      const parsed = JSON.parse(usage) as Record<string, { estimated_time_to_regain_access?: unknown }[]>;
      const minutes = Object.values(parsed)
        .flat()
        .map((u) => Number(u?.estimated_time_to_regain_access))
        .filter((m) => Number.isFinite(m) && m > 0);
      if (minutes.length > 0) return Math.max(...minutes) * 60_000;
    } catch {
      // unreadable: fall through to Retry-After
    }
  }
  const retryAfter = Number(headers.get("retry-after"));
  return Number.isFinite(retryAfter) && retryAfter > 0 ? retryAfter * 1000 : undefined;
}

/** Meta's own words for a refusal: its message, the person-facing text when given, the code/subcode; ≤ 300 chars. */
export function graphMessage(err: unknown): string {
  if (err instanceof GraphApiError) {
    const said = [err.message, err.userMessage && err.userMessage !== err.message ? err.userMessage : undefined]
      .filter(Boolean)
      .join(": ");
    const codes = err.code === undefined ? "" : ` (code ${err.code}${err.subcode ? `, subcode ${err.subcode}` : ""})`;
    return sanitiseExcerpt(`${said}${codes}`, { max: 300 });
  }
  const cause = (err as { cause?: { code?: string; message?: string } })?.cause;
  return sanitiseExcerpt(cause?.code ?? cause?.message ?? (err as Error)?.message ?? String(err), { max: 300 });
}

/**
 * A Graph API answer (or its absence) as a PublishError, for calls that are safe to repeat (container creation —
 * an unpublished container expires by itself after 24 hours —, status reads, lookups); `what` names the step.
 * - code 190 (expired or revoked token), 102 (session) → "reconnect";
 * - code 100/33 (the IG user is not reachable as a professional account) or subcode 2207050 (restricted or
 *   inactive account) → permanent "account not eligible";
 * - subcode 2207042 (the 24-hour publishing limit) → permanent, saying so;
 * - throttling codes 4, 17, 32, 613, 80001, 80002 → transient after X-Business-Use-Case-Usage's wait;
 * - the "try again" subcodes (2207001, 2207003, 2207020, 2207027, 2207032, 2207053), `is_transient`, codes 1/2,
 *   and HTTP 5xx → transient;
 * - every other answer (media refused: 9004/2207052 could not fetch, 36000/2207004 too large, 36001/2207005 format,
 *   36003/2207009 aspect ratio, 352/2207026 video format, 2207051 spam restriction, …) → permanent with Meta's message.
 * No answer → transient; an address the outbound guard refuses → permanent. Source: ERROR_CODES.
 */
export function mapGraphError(err: unknown, what: string): PublishError {
  if (err instanceof PublishError) return err;
  if (err instanceof OutboundRefusedError) {
    return err.kind === "refused"
      ? new PublishError("permanent", `the Graph API address is refused: it ${err.message}`)
      : new PublishError("transient", `the Graph API is unreachable: ${err.message}`);
  }
  if (!(err instanceof GraphApiError))
    return new PublishError("transient", `${what}: ${graphMessage(err)} (no answer)`);
  const message = `${what}: ${graphMessage(err)}`;
  const httpStatus = err.status;
  if (err.code === 190 || err.code === 102) {
    return new PublishError("reconnect", `Meta refused the access token; connect the account again (${message})`, {
      httpStatus,
    });
  }
  if (isUnsupportedNodeError(err) || (err.subcode !== undefined && INELIGIBLE_SUBCODES.has(err.subcode))) {
    return new PublishError(
      "permanent",
      "account not eligible: Instagram publishes only through professional (business or creator) accounts linked " +
        `to a Facebook Page, and this account is not one now (${message})`,
      { httpStatus },
    );
  }
  if (isPublishingQuotaError(err)) {
    return new PublishError("permanent", `Instagram's 24-hour publishing limit is reached (${message})`, {
      httpStatus,
    });
  }
  if (err.code !== undefined && RATE_LIMIT_CODES.has(err.code)) {
    return new PublishError("transient", `Meta's rate limit: ${message}`, {
      httpStatus,
      retryAfterMs: graphRetryAfterMs(err.headers),
    });
  }
  const tryAgain = err.subcode !== undefined && TRY_AGAIN_SUBCODES.has(err.subcode);
  if (tryAgain || err.isTransient || err.code === 1 || err.code === 2 || err.status >= 500) {
    return new PublishError("transient", message, { httpStatus });
  }
  return new PublishError("permanent", message, { httpStatus });
}
