import { OutboundRefusedError } from "@/lib/net/outbound-guard";
import { ThreadsApiError } from "@/lib/publishing/networks/threads/threads-graph";
import { PublishError } from "@/lib/publishing/networks/types";

/**
 * Graph API error codes that mean "too many calls, wait" (https://developers.facebook.com/docs/graph-api/overview/rate-limiting,
 * https://developers.facebook.com/docs/graph-api/guides/error-handling#errorcodes): 4 application request limit,
 * 17 user request limit, 32 page request limit, 613 calls within one hour exceeded; and the temporary
 * ones: 1 unknown (possibly temporary), 2 service temporarily unavailable.
 */
const RATE_LIMIT_CODES = new Set([4, 17, 32, 613]);
const TEMPORARY_CODES = new Set([1, 2]);

/**
 * How long Meta asked to wait, in ms: `Retry-After` when present, else the largest `estimated_time_to_regain_access`
 * (minutes) in `X-Business-Use-Case-Usage` / `X-App-Usage`
 * (https://developers.facebook.com/docs/graph-api/overview/rate-limiting#headers). Undefined when none says.
 */
export function threadsRetryAfterMs(headers: Headers | undefined): number | undefined {
  if (!headers) return undefined;
  const retryAfter = Number(headers.get("retry-after"));
  if (headers.get("retry-after") && Number.isFinite(retryAfter)) return Math.max(0, retryAfter * 1000);
  let minutes: number | undefined;
  for (const name of ["x-business-use-case-usage", "x-app-usage"]) {
    const raw = headers.get(name);
    if (!raw) continue;
    const found = raw.matchAll(/"estimated_time_to_regain_access"\s*:\s*(\d+)/g);
    for (const m of found) minutes = Math.max(minutes ?? 0, Number(m[1]));
  }
  return minutes !== undefined && minutes > 0 ? minutes * 60_000 : undefined;
}

/**
 * A Threads answer (or its absence) as a PublishError, keeping Meta's message, for steps that are safe to repeat
 * (creating a container, reading one, reading insights):
 * - code 190 (access token expired, revoked or invalid) → "reconnect"; 10 and 200–299 (permission missing) →
 *   "reconnect" too: only a new login can grant it;
 * - codes 4, 17, 32, 613 (rate limits), HTTP 429 → transient after Meta's wait (threadsRetryAfterMs);
 * - codes 1, 2, HTTP 5xx, no answer → transient;
 * - anything else (100 invalid parameter: a media URL Threads could not fetch, a text it refuses) → permanent.
 * A refused address is permanent, an unresolvable one transient. `what` names the step ("creating the container").
 */
export function mapThreadsError(err: unknown, what: string): PublishError {
  if (err instanceof PublishError) return err;
  if (err instanceof OutboundRefusedError) {
    return err.kind === "refused"
      ? new PublishError("permanent", `${what}: Threads' address is refused (${err.message})`)
      : new PublishError("transient", `${what}: Threads unreachable (${err.message})`);
  }
  if (!(err instanceof ThreadsApiError)) return new PublishError("transient", `${what}: ${(err as Error).message}`);
  const message = `${what}: ${err.message}`;
  const status = err.httpStatus;
  if (status === undefined) return new PublishError("transient", message);
  const code = err.graph?.code ?? null;
  const opts = { httpStatus: status };
  if (code === 190 || status === 401) {
    return new PublishError("reconnect", `Threads refused the access token: ${message}`, opts);
  }
  if (code === 10 || (code !== null && code >= 200 && code <= 299)) {
    return new PublishError("reconnect", `Threads refused a permission Cadence needs: ${message}`, opts);
  }
  if ((code !== null && RATE_LIMIT_CODES.has(code)) || status === 429) {
    return new PublishError("transient", `Threads rate limit: ${message}`, {
      ...opts,
      retryAfterMs: threadsRetryAfterMs(err.headers),
    });
  }
  if ((code !== null && TEMPORARY_CODES.has(code)) || status >= 500 || status === 408) {
    return new PublishError("transient", message, opts);
  }
  return new PublishError("permanent", message, opts);
}
