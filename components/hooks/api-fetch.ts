import { humanizeMessage } from "@/components/hooks/display-zone";

export type FieldIssue = { path: string; message: string };

/**
 * An API answer other than 2xx, carrying the `{ error: { code, message, details } }` body when there was one;
 * `issues` are the field-level details, so a form can show each next to its field.
 */
export class ApiRequestError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
    readonly issues: FieldIssue[] = [],
  ) {
    super(message);
    this.name = "ApiRequestError";
  }
}

function readIssues(details: unknown): FieldIssue[] {
  if (!Array.isArray(details)) return [];
  return details.flatMap((d) =>
    d && typeof d === "object" && typeof d.path === "string" && typeof d.message === "string"
      ? [{ path: d.path, message: d.message }]
      : [],
  );
}

export function isUnauthenticated(error: unknown): boolean {
  return error instanceof ApiRequestError && error.status === 401;
}

async function readError(res: Response): Promise<ApiRequestError> {
  try {
    const body = (await res.json()) as { error?: { code?: string; message?: string; details?: unknown } };
    if (body.error?.message) {
      return new ApiRequestError(
        res.status,
        body.error.code ?? "error",
        // A person reads this (toasts, forms): instants in it in their locale and the workspace's zone, not ISO.
        humanizeMessage(body.error.message),
        readIssues(body.error.details).map((i) => ({ ...i, message: humanizeMessage(i.message) })),
      );
    }
  } catch {
    // Not JSON (a proxy page, an empty 502): fall through to the status line.
  }
  return new ApiRequestError(res.status, "http_error", `${res.status} ${res.statusText || "request failed"}`);
}

export type ApiGetOptions = { signal?: AbortSignal; allowStatuses?: number[] };

/**
 * GET a Cadence API path. The dashboard authenticates with its session cookie (same-origin, sent by the browser;
 * httpOnly, so scripts never see it); `token` is only for a script holding a workspace API token — pass null.
 * `allowStatuses` lets a caller read a non-2xx JSON body that still carries data (health answers 503 with the
 * per-service report).
 */
export async function apiGet<T>(
  path: string,
  token: string | null = null,
  { signal, allowStatuses = [] }: ApiGetOptions = {},
): Promise<T> {
  let res: Response;
  try {
    res = await fetch(path, {
      headers: token ? { authorization: `Bearer ${token}` } : {},
      credentials: "same-origin",
      cache: "no-store",
      signal,
    });
  } catch (error) {
    if (signal?.aborted) throw error;
    throw new ApiRequestError(0, "network", "Cannot reach the Cadence server");
  }
  if (!res.ok && !allowStatuses.includes(res.status)) throw await readError(res);
  return (await res.json()) as T;
}

/**
 * A same-origin JSON write with the session cookie. The browser adds `Origin`, which the API checks against
 * cross-site requests. Resolves to undefined for 204.
 */
export async function apiSend<T>(
  method: "POST" | "PATCH" | "PUT" | "DELETE",
  path: string,
  body?: unknown,
  headers: Record<string, string> = {},
): Promise<T> {
  let res: Response;
  try {
    res = await fetch(path, {
      method,
      headers: body === undefined ? headers : { ...headers, "content-type": "application/json" },
      body: body === undefined ? undefined : JSON.stringify(body),
      credentials: "same-origin",
      cache: "no-store",
    });
  } catch {
    throw new ApiRequestError(0, "network", "Cannot reach the Cadence server");
  }
  if (!res.ok) throw await readError(res);
  if (res.status === 204) return undefined as T;
  return (await res.json()) as T;
}
