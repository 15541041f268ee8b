import { ZodError } from "zod";

const statusByCode = {
  bad_request: 400,
  invalid_request: 400,
  unauthenticated: 401,
  forbidden: 403,
  not_found: 404,
  method_not_allowed: 405,
  conflict: 409,
  payload_too_large: 413,
  unsupported_media_type: 415,
  unprocessable: 422,
  rate_limited: 429,
  unavailable: 503,
  internal: 500,
} as const;

export type ApiErrorCode = keyof typeof statusByCode;

/** The one error type services and handlers throw; the route wrapper turns it into the JSON error shape. */
export class ApiError extends Error {
  readonly code: ApiErrorCode;
  readonly details?: unknown;

  constructor(code: ApiErrorCode, message: string, details?: unknown) {
    super(message);
    this.name = "ApiError";
    this.code = code;
    this.details = details;
  }

  get status(): number {
    return statusByCode[this.code];
  }
}

export type ErrorBody = { error: { code: ApiErrorCode; message: string; details?: unknown } };

/** Zod issues as `[{ path: "content", message: "…" }]`, the `details` of a 400. */
export function zodDetails(error: ZodError): { path: string; message: string }[] {
  return error.issues.map((i) => ({ path: i.path.join(".") || "(root)", message: i.message }));
}

export function fromZodError(error: ZodError, where: "body" | "query" | "params"): ApiError {
  const details = zodDetails(error);
  const fields = details.map((d) => d.path).join(", ");
  return new ApiError("invalid_request", `Invalid ${where}: ${fields}`, details);
}

export function isZodError(e: unknown): e is ZodError {
  return e instanceof ZodError;
}
