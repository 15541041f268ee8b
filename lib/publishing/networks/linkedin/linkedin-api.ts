import { getEnv } from "@/lib/env";
import { sanitiseExcerpt } from "@/lib/net/sanitise-excerpt";

/**
 * The Marketing API version Cadence speaks (`LinkedIn-Version: YYYYMM`), unless LINKEDIN_API_VERSION says otherwise.
 * Source: https://learn.microsoft.com/en-us/linkedin/marketing/versioning (latest listed: March 2026, 202603) and
 * https://learn.microsoft.com/en-us/linkedin/marketing/integrations/migrations (202603 active until 16 March 2027;
 * every version is supported for at least a year, then answers 426 NONEXISTENT_VERSION).
 */
export const LINKEDIN_VERSION = "202603";

/** How long one request to LinkedIn may take before it counts as lost. */
export const LINKEDIN_REQUEST_TIMEOUT_MS = 30_000;

/** The LinkedIn-Version in force: LINKEDIN_API_VERSION when set, else LINKEDIN_VERSION. */
export function linkedinVersion(): string {
  return getEnv().LINKEDIN_API_VERSION ?? LINKEDIN_VERSION;
}

/**
 * A refusal from LinkedIn, with the documented error body's fields
 * (https://learn.microsoft.com/en-us/linkedin/shared/api-guide/concepts/error-handling: `status`,
 * `serviceErrorCode`, `code`, `message`) and the answer's headers (Retry-After, when one is sent).
 */
export class LinkedInHttpError extends Error {
  readonly status: number;
  readonly serviceErrorCode: number | null;
  readonly code: string | null;
  readonly headers: Headers;
  constructor(status: number, body: unknown, headers: Headers, fallback: string) {
    const b = (body && typeof body === "object" ? body : {}) as Record<string, unknown>;
    const said =
      typeof b.message === "string" && b.message.trim() !== ""
        ? b.message
        : typeof b.error_description === "string"
          ? b.error_description
          : fallback;
    super(sanitiseExcerpt(said, { max: 400 }));
    this.name = "LinkedInHttpError";
    this.status = status;
    this.serviceErrorCode = typeof b.serviceErrorCode === "number" ? b.serviceErrorCode : null;
    this.code = typeof b.code === "string" ? b.code : typeof b.error === "string" ? b.error : null;
    this.headers = headers;
  }
}

/** What a LinkedIn call answered: status, headers, and the JSON body (null when empty or not JSON). */
export type LinkedInAnswer<T = Record<string, unknown>> = { status: number; headers: Headers; json: T | null };

/**
 * One call to LinkedIn's REST API (`apiUrl` + `path`, e.g. "/rest/posts") as `accessToken`, with the headers every
 * versioned call needs (https://learn.microsoft.com/en-us/linkedin/marketing/versioning: `LinkedIn-Version`;
 * `X-Restli-Protocol-Version: 2.0.0`, https://learn.microsoft.com/en-us/linkedin/shared/api-guide/concepts/protocol-version).
 * `query` is appended verbatim (Rest.li 2.0 values such as `List(urn%3Ali%3Ashare%3A1)` must be encoded by the
 * caller, see restliValue). A JSON `body` is sent as application/json; `bytes` as application/octet-stream (the
 * image upload, to an absolute `path`). Resolves on 2xx; throws LinkedInHttpError for any other status, the fetch's
 * own error when no answer came (network error, timeout, abort).
 */
export async function callLinkedIn<T = Record<string, unknown>>({
  fetch,
  apiUrl,
  accessToken,
  method = "GET",
  path,
  query,
  body,
  bytes,
  signal,
  timeoutMs = LINKEDIN_REQUEST_TIMEOUT_MS,
  versioned = true,
}: {
  fetch: typeof globalThis.fetch;
  apiUrl: string;
  accessToken: string;
  method?: string;
  path: string;
  query?: string;
  body?: unknown;
  bytes?: Uint8Array;
  signal?: AbortSignal;
  timeoutMs?: number;
  /** False for the non-versioned /v2/userinfo and the upload URL. */
  versioned?: boolean;
}): Promise<LinkedInAnswer<T>> {
  const url = /^https?:\/\//.test(path) ? path : `${apiUrl.replace(/\/$/, "")}${path}${query ? `?${query}` : ""}`;
  const headers: Record<string, string> = { authorization: `Bearer ${accessToken}` };
  if (versioned) {
    headers["linkedin-version"] = linkedinVersion();
    headers["x-restli-protocol-version"] = "2.0.0";
  }
  let payload: BodyInit | undefined;
  if (bytes) {
    headers["content-type"] = "application/octet-stream";
    payload = new Uint8Array(bytes);
  } else if (body !== undefined) {
    headers["content-type"] = "application/json";
    payload = JSON.stringify(body);
  }
  const timeout = AbortSignal.timeout(timeoutMs);
  const res = await fetch(url, {
    method,
    headers,
    body: payload,
    signal: signal ? AbortSignal.any([signal, timeout]) : timeout,
  });
  const text = await res.text();
  let json: unknown = null;
  if (text) {
    try {
      json = JSON.parse(text);
    } catch {
      json = null;
    }
  }
  if (res.status < 200 || res.status > 299) {
    throw new LinkedInHttpError(res.status, json, res.headers, `HTTP ${res.status} ${text.slice(0, 200)}`.trim());
  }
  return { status: res.status, headers: res.headers, json: json as T | null };
}

/** A URN as a Rest.li 2.0 path key or query value: reserved characters percent-encoded (`:` → %3A, …). */
export function restliValue(urn: string): string {
  return encodeURIComponent(urn).replace(/[()]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`);
}
