import type { GraphSettings } from "@/lib/publishing/networks/instagram/graph-settings";

/** How long one Graph API request may take before it counts as lost (ms). */
export const GRAPH_REQUEST_TIMEOUT_MS = 30_000;

/**
 * A Graph API error answer (https://developers.facebook.com/docs/graph-api/guides/error-handling): the HTTP status,
 * `error.code`, `error.error_subcode`, `error.type`, `error.message`, the person-facing `error_user_title` /
 * `error_user_msg` when Meta gives them, `is_transient`, and the answer's headers (rate-limit usage headers).
 */
export class GraphApiError extends Error {
  readonly status: number;
  readonly code: number | undefined;
  readonly subcode: number | undefined;
  readonly type: string | undefined;
  readonly userTitle: string | undefined;
  readonly userMessage: string | undefined;
  readonly isTransient: boolean;
  readonly headers: Headers;

  constructor(status: number, body: unknown, headers: Headers) {
    const error = (body as { error?: Record<string, unknown> } | null)?.error ?? {};
    const message = typeof error.message === "string" && error.message ? error.message : `HTTP ${status}`;
    super(message);
    this.name = "GraphApiError";
    this.status = status;
    this.code = typeof error.code === "number" ? error.code : undefined;
    this.subcode = typeof error.error_subcode === "number" ? error.error_subcode : undefined;
    this.type = typeof error.type === "string" ? error.type : undefined;
    this.userTitle = typeof error.error_user_title === "string" ? error.error_user_title : undefined;
    this.userMessage = typeof error.error_user_msg === "string" ? error.error_user_msg : undefined;
    this.isTransient = error.is_transient === true;
    this.headers = headers;
  }
}

/** One Graph API call: GET with `params` in the query, POST with them as an application/x-www-form-urlencoded body. */
export type GraphCall = {
  method: "GET" | "POST";
  /** The node and edge, e.g. "17841400008460056/media" (no version, no leading slash). */
  path: string;
  params?: Record<string, string | number | boolean | undefined>;
};

export type GraphClient = <T>(call: GraphCall) => Promise<T>;

/**
 * A Graph API client bound to one access token: each call goes to `<url>/<version>/<path>` through `fetch` (the
 * outbound guard in production), the token in the `Authorization: Bearer` header (never in the URL, so it is in no
 * log), and resolves with the answer's JSON. Throws GraphApiError for an error answer (any non-2xx, or a 2xx whose
 * body is `{ error }`), and fetch's own error (no answer: refused, reset, timed out after `timeoutMs`, aborted by
 * `signal`) otherwise.
 */
export function createGraphClient({
  settings,
  accessToken,
  fetch,
  signal,
  timeoutMs = GRAPH_REQUEST_TIMEOUT_MS,
}: {
  settings: GraphSettings;
  accessToken: string;
  fetch: typeof globalThis.fetch;
  signal: AbortSignal;
  timeoutMs?: number;
}): GraphClient {
  return async <T>({ method, path, params = {} }: GraphCall): Promise<T> => {
    const url = new URL(`${settings.url}/${settings.version}/${path}`);
    const form = new URLSearchParams();
    for (const [name, value] of Object.entries(params)) {
      if (value === undefined) continue;
      (method === "GET" ? url.searchParams : form).set(name, String(value));
    }
    const res = await fetch(url, {
      method,
      headers: {
        authorization: `Bearer ${accessToken}`,
        accept: "application/json",
        ...(method === "POST" ? { "content-type": "application/x-www-form-urlencoded" } : {}),
      },
      body: method === "POST" ? form.toString() : undefined,
      signal: AbortSignal.any([signal, AbortSignal.timeout(timeoutMs)]),
    });
    const text = await res.text();
    let body: unknown = null;
    try {
      body = text ? JSON.parse(text) : null;
    } catch {
      body = { error: { message: `not JSON (HTTP ${res.status}): ${text.slice(0, 200)}` } };
    }
    if (!res.ok || (body && typeof body === "object" && "error" in body)) {
      throw new GraphApiError(res.status, body, res.headers);
    }
    return body as T;
  };
}
