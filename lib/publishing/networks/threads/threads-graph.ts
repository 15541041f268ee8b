import { OutboundRefusedError } from "@/lib/net/outbound-guard";
import { sanitiseExcerpt } from "@/lib/net/sanitise-excerpt";

/** How long one request to Threads may take before it counts as lost. */
export const THREADS_REQUEST_TIMEOUT_MS = 30_000;

/**
 * A Graph API error body as Meta documents it
 * (https://developers.facebook.com/docs/graph-api/guides/error-handling):
 * `{ "error": { "message", "type", "code", "error_subcode", "error_user_title", "error_user_msg", "fbtrace_id" } }`.
 * The Threads token endpoints may answer the older flat shape `{ error_type, code, error_message }` instead.
 */
export type GraphErrorBody = {
  message: string;
  type: string | null;
  code: number | null;
  subcode: number | null;
  userMessage: string | null;
  fbtraceId: string | null;
};

/** Threads answered with an error status (`body` as parsed) — or no usable answer came (`httpStatus` undefined). */
export class ThreadsApiError extends Error {
  readonly httpStatus: number | undefined;
  readonly graph: GraphErrorBody | null;
  readonly headers: Headers | undefined;
  constructor(message: string, opts: { httpStatus?: number; graph?: GraphErrorBody | null; headers?: Headers } = {}) {
    super(message);
    this.name = "ThreadsApiError";
    this.httpStatus = opts.httpStatus;
    this.graph = opts.graph ?? null;
    this.headers = opts.headers;
  }
}

const num = (v: unknown) => (typeof v === "number" && Number.isFinite(v) ? v : null);
const str = (v: unknown) => (typeof v === "string" && v !== "" ? v : null);

/** Reads either documented error shape out of a parsed answer; null when it is neither. */
export function readGraphError(body: unknown): GraphErrorBody | null {
  if (!body || typeof body !== "object") return null;
  const outer = body as Record<string, unknown>;
  if (outer.error && typeof outer.error === "object") {
    const e = outer.error as Record<string, unknown>;
    return {
      message: str(e.message) ?? "unknown error",
      type: str(e.type),
      code: num(e.code),
      subcode: num(e.error_subcode),
      userMessage: str(e.error_user_msg),
      fbtraceId: str(e.fbtrace_id),
    };
  }
  if (typeof outer.error_message === "string") {
    return {
      message: outer.error_message,
      type: str(outer.error_type),
      code: num(outer.code),
      subcode: null,
      userMessage: null,
      fbtraceId: null,
    };
  }
  return null;
}

/** Meta's own words for an error, printable, at most 300 characters, with its code, subcode and trace id. */
export function graphErrorText(graph: GraphErrorBody): string {
  const said =
    graph.userMessage && graph.userMessage !== graph.message ? `${graph.message} ${graph.userMessage}` : graph.message;
  const ids = [
    graph.code !== null ? `code ${graph.code}` : null,
    graph.subcode !== null ? `subcode ${graph.subcode}` : null,
    graph.fbtraceId ? `fbtrace_id ${graph.fbtraceId}` : null,
  ].filter(Boolean);
  return `${sanitiseExcerpt(said, { max: 300 })}${ids.length > 0 ? ` (${ids.join(", ")})` : ""}`;
}

export type ThreadsRequest = {
  method: "GET" | "POST";
  /** Origin of the API, e.g. "https://graph.threads.net". */
  base: string;
  /** Path from the origin, e.g. "/v1.0/me" or "/oauth/access_token". */
  path: string;
  /** Query parameters for GET, form fields for POST (application/x-www-form-urlencoded, as Meta's examples send). */
  params: Record<string, string | undefined>;
  fetch: typeof globalThis.fetch;
  signal?: AbortSignal;
  timeoutMs?: number;
};

/**
 * One Threads Graph API call; resolves with the parsed JSON answer of a 2xx. Access tokens travel as the
 * documented `access_token` parameter (in the form body of POSTs, so they stay out of URLs where possible).
 * Throws ThreadsApiError: with `httpStatus` and the parsed Graph error for an error answer, without `httpStatus`
 * when no answer came (connection lost, timeout) — the request may or may not have reached Threads.
 * A guard refusal (OutboundRefusedError) and an abort of `signal` are rethrown as they are.
 */
export async function threadsRequest<T = Record<string, unknown>>({
  method,
  base,
  path,
  params,
  fetch,
  signal,
  timeoutMs = THREADS_REQUEST_TIMEOUT_MS,
}: ThreadsRequest): Promise<T> {
  const url = new URL(path, `${base}/`);
  const fields = new URLSearchParams();
  for (const [k, v] of Object.entries(params)) if (v !== undefined) fields.set(k, v);
  if (method === "GET") for (const [k, v] of fields) url.searchParams.set(k, v);
  const timeout = AbortSignal.timeout(timeoutMs);
  const combined = signal ? AbortSignal.any([signal, timeout]) : timeout;
  let res: Response;
  try {
    res = await fetch(url, {
      method,
      headers: method === "POST" ? { "content-type": "application/x-www-form-urlencoded" } : undefined,
      body: method === "POST" ? fields.toString() : undefined,
      signal: combined,
      redirect: "manual",
    });
  } catch (err) {
    if (signal?.aborted) throw err;
    if (err instanceof OutboundRefusedError) throw err;
    const cause = (err as { cause?: { code?: string } }).cause?.code ?? (err as { code?: string }).code;
    const what = timeout.aborted ? `no answer within ${timeoutMs / 1000} s` : (cause ?? (err as Error).message);
    throw new ThreadsApiError(`no answer from Threads (${what})`);
  }
  let text: string;
  try {
    text = await res.text();
  } catch (err) {
    throw new ThreadsApiError(`the answer from Threads was cut off (${(err as Error).message})`);
  }
  let body: unknown;
  try {
    body = text === "" ? {} : JSON.parse(text);
  } catch {
    body = undefined;
  }
  if (res.status >= 200 && res.status < 300 && body !== undefined) return body as T;
  const graph = readGraphError(body);
  const message = graph
    ? graphErrorText(graph)
    : `HTTP ${res.status}: ${sanitiseExcerpt(text, { max: 200 }) || "empty answer"}`;
  throw new ThreadsApiError(message, { httpStatus: res.status, graph, headers: res.headers });
}
