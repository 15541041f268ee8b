/** An API answer other than 2xx, carrying the `{ error: { code, message } }` body when there was one. */
export class ApiRequestError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
  ) {
    super(message);
    this.name = "ApiRequestError";
  }
}

export function isUnauthenticated(error: unknown): boolean {
  return error instanceof ApiRequestError && error.status === 401;
}

async function readError(res: Response): Promise<ApiRequestError> {
  try {
    const body = (await res.json()) as { error?: { code?: string; message?: string } };
    if (body.error?.message) return new ApiRequestError(res.status, body.error.code ?? "error", body.error.message);
  } catch {
    // Not JSON (a proxy page, an empty 502): fall through to the status line.
  }
  return new ApiRequestError(res.status, "http_error", `${res.status} ${res.statusText || "request failed"}`);
}

/**
 * GET a Cadence API path with the workspace token. `allowStatuses` lets a caller read a non-2xx JSON body
 * that still carries data (health answers 503 with the per-service report).
 */
export async function apiGet<T>(
  path: string,
  token: string | null,
  { signal, allowStatuses = [] }: { signal?: AbortSignal; allowStatuses?: number[] } = {},
): Promise<T> {
  let res: Response;
  try {
    res = await fetch(path, {
      headers: token ? { authorization: `Bearer ${token}` } : {},
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
