import { ApiPartialResponseError, ApiRequestError, ApiResponseError } from "twitter-api-v2";
import { OutboundRefusedError } from "@/lib/net/outbound-guard";
import { sanitiseExcerpt } from "@/lib/net/sanitise-excerpt";
import { PublishError } from "@/lib/publishing/networks/types";

// X API v2 errors (https://docs.x.com/x-api/fundamentals/response-codes-and-errors): a problem JSON body
// { title, detail, type[, status, errors: [{ message, parameters }]] }; the token endpoint answers RFC 6749 §5.2
// { error, error_description }. Rate limits (https://docs.x.com/x-api/fundamentals/rate-limits): 429 with
// x-rate-limit-reset, the Unix time (seconds) the window resets.

type XProblem = {
  title?: unknown;
  detail?: unknown;
  type?: unknown;
  errors?: { message?: unknown; detail?: unknown }[];
  error?: unknown;
  error_description?: unknown;
};

/** The HTTP status of a twitter-api-v2 error that carries an answer, or undefined when none came. */
export function xHttpStatus(err: unknown): number | undefined {
  return err instanceof ApiResponseError ? err.code : undefined;
}

/**
 * X's own words for a refusal, printable and at most 300 characters: the problem's `detail` (else its `title`),
 * the messages of its `errors` when they add something, or the token endpoint's `error_description` / `error`;
 * for a request without an answer, the network error's code or message.
 */
export function xMessage(err: unknown): string {
  if (err instanceof ApiResponseError) {
    const data = (err.data ?? {}) as XProblem;
    const parts: string[] = [];
    const add = (v: unknown) => {
      if (typeof v === "string" && v.trim() !== "" && !parts.includes(v.trim())) parts.push(v.trim());
    };
    add(data.detail ?? data.title);
    for (const e of Array.isArray(data.errors) ? data.errors : []) add(e?.message ?? e?.detail);
    add(data.error_description ?? data.error);
    return sanitiseExcerpt(parts.join(" — ") || `HTTP ${err.code}`, { max: 300 });
  }
  if (err instanceof ApiRequestError) {
    const cause = err.requestError as { code?: string; message?: string } | undefined;
    return sanitiseExcerpt(cause?.code ?? cause?.message ?? err.message, { max: 300 });
  }
  if (err instanceof ApiPartialResponseError) return sanitiseExcerpt(err.message, { max: 300 });
  return sanitiseExcerpt((err as Error)?.message ?? String(err), { max: 300 });
}

/**
 * True for X's refusal of a post whose text repeats one of the account's recent posts: 403 with detail "You are not
 * allowed to create a Tweet with duplicate content." (the v2 form of v1.1 error 187, "Status is a duplicate").
 */
export function isDuplicateContent(err: unknown): boolean {
  return err instanceof ApiResponseError && err.code === 403 && /duplicate/i.test(xMessage(err));
}

/**
 * How long X asked to wait, in ms: until `x-rate-limit-reset` (Unix seconds; the 24-hour user/app caps'
 * `x-user-limit-24hour-reset` / `x-app-limit-24hour-reset` when that one is exhausted), else `retry-after`
 * (seconds). Undefined when no header is readable.
 */
export function xRetryAfterMs(headers: Record<string, unknown> | undefined, now = Date.now()): number | undefined {
  if (!headers) return undefined;
  const num = (name: string) => {
    const v = headers[name];
    const n = Number(Array.isArray(v) ? v[0] : v);
    return typeof v !== "undefined" && Number.isFinite(n) ? n : undefined;
  };
  const resets: number[] = [];
  if (num("x-rate-limit-remaining") === 0 || num("x-rate-limit-remaining") === undefined) {
    const reset = num("x-rate-limit-reset");
    if (reset !== undefined) resets.push(reset);
  }
  for (const cap of ["x-user-limit-24hour", "x-app-limit-24hour"]) {
    const reset = num(`${cap}-reset`);
    if (num(`${cap}-remaining`) === 0 && reset !== undefined) resets.push(reset);
  }
  if (resets.length > 0) return Math.max(0, Math.max(...resets) * 1000 - now);
  const retryAfter = num("retry-after");
  if (retryAfter !== undefined) return Math.max(0, retryAfter * 1000);
  const reset = num("x-rate-limit-reset");
  return reset === undefined ? undefined : Math.max(0, reset * 1000 - now);
}

/**
 * An X answer (or its absence) as a PublishError, for steps that are safe to repeat (uploads, reads) and for
 * definite refusals of a post: 401 → "reconnect" (the token expired or was revoked); 429 → transient after
 * xRetryAfterMs; 408 and 5xx → transient; 403 (content policy, duplicate content, an app without write access) and
 * other 4xx (400 invalid request, media refused) → permanent with X's message (xMessage); no answer → transient.
 * A refused address is permanent, an unresolvable one transient. `what` names the step ("uploading media 2").
 */
export function mapXError(err: unknown, what: string): PublishError {
  if (err instanceof PublishError) return err;
  if (err instanceof OutboundRefusedError) {
    return err.kind === "refused"
      ? new PublishError("permanent", `X's API address refused: it ${err.message}`)
      : new PublishError("transient", `X's API unreachable: ${err.message}`);
  }
  const status = xHttpStatus(err);
  const message = `${what}: ${xMessage(err)}`;
  if (status === undefined) return new PublishError("transient", `${message} (no answer)`);
  if (status === 401) {
    return new PublishError("reconnect", `X refused the access token (${message})`, { httpStatus: status });
  }
  if (status === 429 || status === 408 || status >= 500) {
    const headers = (err as ApiResponseError).headers as Record<string, unknown> | undefined;
    return new PublishError("transient", message, { httpStatus: status, retryAfterMs: xRetryAfterMs(headers) });
  }
  return new PublishError("permanent", message, { httpStatus: status });
}
