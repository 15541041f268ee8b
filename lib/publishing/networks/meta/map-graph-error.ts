import { OutboundRefusedError } from "@/lib/net/outbound-guard";
import { GraphApiError } from "@/lib/publishing/networks/meta/graph-fetch";
import { PublishError } from "@/lib/publishing/networks/types";

/**
 * Throttling codes (https://developers.facebook.com/docs/graph-api/guides/error-handling and
 * https://developers.facebook.com/docs/graph-api/overview/rate-limiting): 4 app limit, 17 user limit, 32 Page
 * limit, 613 "calls within one hour exceeded", 80001-80014 Business Use Case limits (80001 Pages, 80002 Instagram,
 * …), 341 application limit reached.
 */
const RATE_LIMIT_CODES = new Set([4, 17, 32, 341, 613]);
const isBusinessUseCaseLimit = (code: number) => code >= 80001 && code <= 80014;

/** Media Meta could not take: 324 missing or invalid image file, 352 video format not supported. */
const MEDIA_CODES = new Set([324, 352]);

const ROLLING_WINDOW_MS = 60 * 60_000;

function jsonHeader(headers: Headers, name: string): unknown {
  const raw = headers.get(name);
  if (!raw) return undefined;
  try {
    return JSON.parse(raw);
  } catch {
    return undefined;
  }
}

/**
 * How long Meta's usage headers say to wait before the next call (ms), or undefined when they do not say:
 * - `Retry-After` (seconds), where present;
 * - `X-Business-Use-Case-Usage` ({ "<business-object-id>": [{ type, call_count, total_cputime, total_time,
 *   estimated_time_to_regain_access }] }): the largest estimated_time_to_regain_access, which Meta gives in minutes;
 * - `X-App-Usage` / `X-Page-Usage` ({ call_count, total_cputime, total_time }, percentages of a rolling one-hour
 *   window): once one reaches 100, an estimate — the part of the hour's calls that must age out to fall under 100%
 *   (at least one minute).
 * Source: https://developers.facebook.com/docs/graph-api/overview/rate-limiting.
 */
export function metaUsageWaitMs(headers: Headers | undefined): number | undefined {
  if (!headers) return undefined;
  const retryAfter = Number(headers.get("retry-after"));
  if (headers.get("retry-after") && Number.isFinite(retryAfter) && retryAfter >= 0) return retryAfter * 1000;
  const buc = jsonHeader(headers, "x-business-use-case-usage");
  if (buc && typeof buc === "object") {
    let minutes: number | undefined;
    for (const entries of Object.values(buc as Record<string, unknown>)) {
      if (!Array.isArray(entries)) continue;
      for (const e of entries) {
        const t = Number((e as { estimated_time_to_regain_access?: unknown })?.estimated_time_to_regain_access);
        if (Number.isFinite(t) && t >= 0) minutes = Math.max(minutes ?? 0, t);
      }
    }
    if (minutes !== undefined && minutes > 0) return minutes * 60_000;
  }
  let highest = 0;
  for (const name of ["x-app-usage", "x-page-usage"]) {
    const usage = jsonHeader(headers, name) as Record<string, unknown> | undefined;
    if (!usage || typeof usage !== "object") continue;
    for (const key of ["call_count", "total_cputime", "total_time"]) {
      const pct = Number(usage[key]);
      if (Number.isFinite(pct)) highest = Math.max(highest, pct);
    }
  }
  if (highest >= 100) return Math.max(60_000, Math.ceil((ROLLING_WINDOW_MS * (highest - 99)) / highest));
  return undefined;
}

/** Meta's words for a refusal: the message for people (error_user_msg) where given, with the API's own message. */
export function graphErrorMessage(err: GraphApiError): string {
  const code = err.code !== undefined ? ` (#${err.code}${err.subcode !== undefined ? `/${err.subcode}` : ""})` : "";
  const user = err.userMessage && err.userMessage !== err.message ? ` ${err.userMessage}` : "";
  return `${err.message}${code}${user}`;
}

/**
 * A failed Graph API call as a PublishError, for a step that is safe to repeat or that certainly did not act (reads,
 * unpublished photo uploads, a refused post); the message keeps Meta's own words and codes. `what` names the step.
 * Mapping (https://developers.facebook.com/docs/graph-api/guides/error-handling):
 * - 190 (access token expired, revoked, password changed: subcodes 458-467) and 102 (API session) → "reconnect";
 *   so do 10 and 200-299 (a permission was not granted or was removed: log in again and grant it);
 * - 4, 17, 32, 341, 613, 80001-80014 (throttled) → "transient" with the wait from the usage headers
 *   (metaUsageWaitMs);
 * - 1, 2, `is_transient`, HTTP 5xx without a code → "transient";
 * - 368 (blocked as abusive / against the Community Standards) → "permanent", saying it is Meta's content policy;
 * - 506 (duplicate status message) → "permanent", a duplicate post;
 * - 324, 352, … (media refused) and every other refusal → "permanent" with Meta's message.
 * No answer at all (network error, timeout) → "transient"; an address the outbound guard refuses → "permanent".
 * A PublishError passes unchanged.
 */
export function mapGraphError(err: unknown, what: string): PublishError {
  if (err instanceof PublishError) return err;
  if (err instanceof OutboundRefusedError) {
    return new PublishError(
      err.kind === "refused" ? "permanent" : "transient",
      `${what}: the Graph API address ${err.message}`,
    );
  }
  if (!(err instanceof GraphApiError)) {
    const cause = (err as { cause?: { code?: string } })?.cause?.code;
    return new PublishError("transient", `${what}: no answer from Meta (${cause ?? (err as Error)?.message ?? err})`);
  }
  const said = `${what}: ${graphErrorMessage(err)}`;
  const httpStatus = err.httpStatus;
  const code = err.code;
  if (code === 190 || code === 102) {
    return new PublishError("reconnect", `Meta refused the access token — connect the account again (${said})`, {
      httpStatus,
    });
  }
  if (code === 10 || (code !== undefined && code >= 200 && code <= 299)) {
    return new PublishError(
      "reconnect",
      `Meta says a permission is missing — connect the account again and grant every permission asked (${said})`,
      { httpStatus },
    );
  }
  if (code !== undefined && (RATE_LIMIT_CODES.has(code) || isBusinessUseCaseLimit(code))) {
    return new PublishError("transient", `Meta rate limit reached (${said})`, {
      httpStatus,
      retryAfterMs: metaUsageWaitMs(err.headers),
    });
  }
  if (code === 368) {
    return new PublishError(
      "permanent",
      `Meta blocked this as against its policies (Community Standards or spam rules) (${said})`,
      { httpStatus },
    );
  }
  if (code === 506) {
    return new PublishError("permanent", `Meta refused a duplicate post: the same text was just posted (${said})`, {
      httpStatus,
    });
  }
  if (code !== undefined && MEDIA_CODES.has(code)) {
    return new PublishError("permanent", `Meta could not take the media (${said})`, { httpStatus });
  }
  if (
    code === 1 ||
    code === 2 ||
    err.isTransient ||
    (code === undefined && (httpStatus >= 500 || httpStatus === 429))
  ) {
    return new PublishError("transient", said, { httpStatus, retryAfterMs: metaUsageWaitMs(err.headers) });
  }
  return new PublishError("permanent", said, { httpStatus });
}
