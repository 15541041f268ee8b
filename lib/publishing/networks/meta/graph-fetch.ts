import { createHmac } from "node:crypto";
import { createGuardedFetch } from "@/lib/net/create-guarded-fetch";
import { sanitiseExcerpt } from "@/lib/net/sanitise-excerpt";

/** How long one Graph request may take before it counts as lost (ms). */
export const GRAPH_REQUEST_TIMEOUT_MS = 30_000;

/**
 * The `error` object of a refused Graph API request
 * (https://developers.facebook.com/docs/graph-api/guides/error-handling): `message`, `type` ("OAuthException", …),
 * `code`, `error_subcode`, `error_user_title` / `error_user_msg` (words meant for people), `fbtrace_id`, and
 * `is_transient` where Meta says a retry may work.
 */
export type GraphErrorBody = {
  message?: string;
  type?: string;
  code?: number;
  error_subcode?: number;
  error_user_title?: string;
  error_user_msg?: string;
  is_transient?: boolean;
  fbtrace_id?: string;
};

/** A Graph API answer that carried an `error` object (or an HTTP error status): Meta refused the request. */
export class GraphApiError extends Error {
  readonly httpStatus: number;
  readonly code: number | undefined;
  readonly subcode: number | undefined;
  readonly type: string | undefined;
  readonly userMessage: string | undefined;
  readonly isTransient: boolean;
  readonly fbtraceId: string | undefined;
  /** The answer's headers (X-App-Usage, X-Business-Use-Case-Usage, Retry-After). */
  readonly headers: Headers;
  constructor(httpStatus: number, body: GraphErrorBody, headers: Headers) {
    const said = sanitiseExcerpt(body.message || `HTTP ${httpStatus}`, { max: 300 });
    super(said);
    this.name = "GraphApiError";
    this.httpStatus = httpStatus;
    this.code = typeof body.code === "number" ? body.code : undefined;
    this.subcode = typeof body.error_subcode === "number" ? body.error_subcode : undefined;
    this.type = body.type;
    this.userMessage = body.error_user_msg ? sanitiseExcerpt(body.error_user_msg, { max: 300 }) : undefined;
    this.isTransient = body.is_transient === true;
    this.fbtraceId = body.fbtrace_id;
    this.headers = headers;
  }
}

export type GraphFetchArgs = {
  method?: "GET" | "POST" | "DELETE";
  /** Path after the version, starting with "/": "/me/accounts", "/<page-id>/feed". */
  path: string;
  /** The user or Page access token; sent as the `access_token` parameter. */
  accessToken?: string;
  /**
   * Parameters: the query string of a GET, the form body (application/x-www-form-urlencoded) of a POST — Graph takes
   * both (https://developers.facebook.com/docs/graph-api/overview). Undefined values are left out; arrays become
   * `name[0]`, `name[1]` … (how Graph reads `attached_media[]`).
   */
  params?: Record<string, string | number | boolean | undefined | (string | undefined)[]>;
  signal: AbortSignal;
  /** Graph origin (META_GRAPH_URL), e.g. "https://graph.facebook.com". */
  graphUrl: string;
  /** "v27.0" (META_GRAPH_VERSION). */
  version: string;
  /**
   * The app secret: when given with a token, `appsecret_proof` = HMAC-SHA256(token, secret) is sent, which apps with
   * "Require App Secret" demand (https://developers.facebook.com/docs/graph-api/securing-requests).
   */
  appSecret?: string;
  /** How the request leaves; default the outbound guard (createGuardedFetch). */
  fetch?: typeof globalThis.fetch;
  timeoutMs?: number;
};

export type GraphAnswer<T> = { status: number; headers: Headers; body: T };

let guarded: typeof globalThis.fetch | undefined;

/** `params` flattened into name/value pairs (arrays as name[i]). */
function pairs(params: GraphFetchArgs["params"]): [string, string][] {
  const out: [string, string][] = [];
  for (const [name, value] of Object.entries(params ?? {})) {
    if (value === undefined) continue;
    if (Array.isArray(value)) {
      value.forEach((v, i) => {
        if (v !== undefined) out.push([`${name}[${i}]`, v]);
      });
    } else {
      out.push([name, String(value)]);
    }
  }
  return out;
}

/**
 * One Graph API request: `{graphUrl}/{version}{path}` with the access token (and appsecret_proof), through the
 * outbound guard, bounded by `timeoutMs` and `signal`. Resolves with the parsed JSON of a 2xx answer that has no
 * `error` object. Throws GraphApiError for Meta's refusals (any answer with an `error` object or a non-2xx status,
 * keeping Meta's message, codes and headers), and the network's own error (ECONNRESET, a timeout, the signal's
 * reason, OutboundRefusedError) when no answer came — for a POST that means it may have acted.
 */
export async function graphFetch<T = Record<string, unknown>>({
  method = "GET",
  path,
  accessToken,
  params,
  signal,
  graphUrl,
  version,
  appSecret,
  fetch,
  timeoutMs = GRAPH_REQUEST_TIMEOUT_MS,
}: GraphFetchArgs): Promise<GraphAnswer<T>> {
  if (!fetch) guarded ??= createGuardedFetch();
  const send = fetch ?? (guarded as typeof globalThis.fetch);
  const url = new URL(`${graphUrl.replace(/\/+$/, "")}/${version}${path}`);
  const all = pairs(params);
  if (accessToken) {
    all.push(["access_token", accessToken]);
    if (appSecret) all.push(["appsecret_proof", createHmac("sha256", appSecret).update(accessToken).digest("hex")]);
  }
  const init: RequestInit = { method, signal: AbortSignal.any([signal, AbortSignal.timeout(timeoutMs)]) };
  if (method === "GET" || method === "DELETE") {
    for (const [k, v] of all) url.searchParams.append(k, v);
  } else {
    init.body = new URLSearchParams(all).toString();
    init.headers = { "content-type": "application/x-www-form-urlencoded" };
  }
  const res = await send(url, init);
  const text = await res.text();
  let body: unknown;
  try {
    body = text === "" ? {} : JSON.parse(text);
  } catch {
    body = undefined;
  }
  const error = (body as { error?: unknown } | undefined)?.error;
  if (error && typeof error === "object") throw new GraphApiError(res.status, error as GraphErrorBody, res.headers);
  if (res.status < 200 || res.status >= 300 || body === undefined) {
    throw new GraphApiError(res.status, { message: sanitiseExcerpt(text, { max: 200 }) || undefined }, res.headers);
  }
  return { status: res.status, headers: res.headers, body: body as T };
}
