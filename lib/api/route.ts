import type { NextRequest } from "next/server";
import type { z } from "zod";
import { authenticateBearer, type WorkspaceContext } from "@/lib/api/auth";
import { ApiError, type ErrorBody, fromZodError } from "@/lib/api/errors";
import { findInvalidText } from "@/lib/api/find-invalid-text";
import { parseQueryString } from "@/lib/api/parse-query-string";
import { isJsonContentType, readRequestText } from "@/lib/api/read-request-text";
import { assertSameOrigin, requireSession, withRefreshedCookie } from "@/lib/api/session";
import { isDatabaseUnreachable } from "@/lib/db/is-database-unreachable";
import { type Db, getPrisma } from "@/lib/db/prisma";
import { getEnv } from "@/lib/env";
import { logger } from "@/lib/log";

// Next-specific glue: the one wrapper every /api handler goes through.

const log = logger("api");

type RouteContext = { params: Promise<Record<string, string | string[] | undefined>> };

type Schemas = { params?: z.ZodType; query?: z.ZodType; body?: z.ZodType };
type Infer<S, K extends keyof Schemas> = S extends Record<K, z.ZodType> ? z.infer<S[K]> : undefined;

export type HandlerInput<S extends Schemas> = {
  req: NextRequest;
  db: Db;
  params: Infer<S, "params">;
  query: Infer<S, "query">;
  body: Infer<S, "body">;
};

/** A typed JSON reply with a status other than 200. */
export class Reply {
  constructor(
    readonly status: number,
    readonly body: unknown,
  ) {}
}

export function errorResponse(error: ApiError): Response {
  const body: ErrorBody = { error: { code: error.code, message: error.message } };
  if (error.details !== undefined) body.error.details = error.details;
  const headers: Record<string, string> = { "cache-control": "no-store", "x-content-type-options": "nosniff" };
  if (error.code === "method_not_allowed" && isAllowDetails(error.details))
    headers.allow = error.details.allow.join(", ");
  // A refusal that knows when to try again (429 sign-in limit, 409 request in flight) says so the HTTP way too.
  const retryAfterMs = retryAfterMsOf(error.details);
  if (retryAfterMs !== null) headers["retry-after"] = String(Math.max(1, Math.ceil(retryAfterMs / 1000)));
  return Response.json(body, { status: error.status, headers });
}

function retryAfterMsOf(details: unknown): number | null {
  if (typeof details !== "object" || details === null) return null;
  const ms = (details as { retryAfterMs?: unknown }).retryAfterMs;
  return typeof ms === "number" && Number.isFinite(ms) && ms >= 0 ? ms : null;
}

function isAllowDetails(details: unknown): details is { allow: string[] } {
  return typeof details === "object" && details !== null && Array.isArray((details as { allow?: unknown }).allow);
}

const BODY_METHODS = new Set(["POST", "PUT", "PATCH", "DELETE"]);

function unsupportedType(contentType: string | null): ApiError {
  return new ApiError(
    "unsupported_media_type",
    `Request body must be JSON sent as Content-Type: application/json (got ${contentType ? contentType : "no Content-Type"})`,
  );
}

/** Refuses text PostgreSQL cannot store (NUL, lone surrogate) anywhere in `value`, naming the field. */
function assertStorableText(value: unknown, where: "params" | "query" | "body"): void {
  const found = findInvalidText(value);
  if (found) throw new ApiError("invalid_request", `Invalid ${where}: ${found.path} ${found.message}`, [found]);
}

/**
 * The JSON body of a write, or undefined when there is none. Every write with a body must say
 * `application/json` (415), stay under API_MAX_BODY_BYTES (413, read as a capped stream) and be valid JSON (400).
 * A route without a body schema still gets these checks, then ignores the body.
 */
async function readJsonBody(req: NextRequest, wanted: boolean): Promise<unknown> {
  if (!BODY_METHODS.has(req.method.toUpperCase())) return undefined;
  const contentType = req.headers.get("content-type");
  const declaredLength = Number(req.headers.get("content-length") ?? 0);
  if (declaredLength > 0 && !isJsonContentType(contentType)) throw unsupportedType(contentType);
  const text = await readRequestText(req, getEnv().API_MAX_BODY_BYTES);
  if (text.trim() === "") return undefined;
  if (!isJsonContentType(contentType)) throw unsupportedType(contentType);
  if (!wanted) return undefined;
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    throw new ApiError("invalid_request", "Request body is not valid JSON");
  }
  assertStorableText(value, "body");
  return value;
}

async function parseInput<S extends Schemas>(schemas: S, req: NextRequest, ctx: RouteContext, rawBody = false) {
  const parse = (schema: z.ZodType | undefined, value: unknown, where: "params" | "query" | "body") => {
    if (!schema) return undefined;
    const result = schema.safeParse(value);
    if (!result.success) throw fromZodError(result.error, where);
    return result.data;
  };
  const rawParams = (await ctx.params) ?? {};
  assertStorableText(rawParams, "params");
  const rawQuery = parseQueryString(req.nextUrl.search);
  assertStorableText(rawQuery, "query");
  // A raw-body route (the media upload) reads `req.body` itself, as a stream: no JSON, no API_MAX_BODY_BYTES.
  const jsonBody = rawBody ? undefined : await readJsonBody(req, schemas.body !== undefined);
  const params = parse(schemas.params, rawParams, "params");
  const query = parse(schemas.query, rawQuery, "query");
  const body = schemas.body && !rawBody ? parse(schemas.body, jsonBody, "body") : undefined;
  return { params, query, body } as { params: Infer<S, "params">; query: Infer<S, "query">; body: Infer<S, "body"> };
}

/**
 * Every API answer is private to its caller and never cached (`Cache-Control: no-store`, unless the handler chose
 * otherwise) and is never content-sniffed. The page-wide security headers come from next.config.mjs.
 */
export function withApiHeaders(res: Response): Response {
  try {
    if (!res.headers.has("cache-control")) res.headers.set("cache-control", "no-store");
    res.headers.set("x-content-type-options", "nosniff");
    return res;
  } catch {
    // Immutable headers (a Response passed through from fetch): copy it.
    const copy = new Response(res.body, res);
    return withApiHeaders(copy);
  }
}

function toResponse(result: unknown): Response {
  if (result instanceof Response) return withApiHeaders(result);
  if (result instanceof Reply) return withApiHeaders(Response.json(result.body, { status: result.status }));
  if (result === undefined) return withApiHeaders(new Response(null, { status: 204 }));
  return withApiHeaders(Response.json(result));
}

/**
 * The MongoDB driver's "could not reach the server" errors (by name: no driver import in every route). Operations
 * that ran alongside a failed connect end with MongoTopologyClosedError; the next request connects afresh
 * (lib/db/mongo.ts).
 */
const METRICS_STORE_DOWN = new Set([
  "MongoServerSelectionError",
  "MongoNetworkError",
  "MongoNetworkTimeoutError",
  "MongoTopologyClosedError",
]);

function handleError(error: unknown, req: NextRequest): Response {
  if (error instanceof ApiError) return errorResponse(error);
  if (error instanceof Error && METRICS_STORE_DOWN.has(error.name)) {
    // A known outage, not a bug: say which store, so the caller retries later (ingest is idempotent).
    log.error({ err: error, method: req.method, path: req.nextUrl.pathname }, "metrics store unavailable");
    return errorResponse(new ApiError("unavailable", "The metrics store (MongoDB) is unavailable; try again later"));
  }
  if (isDatabaseUnreachable(error)) {
    // The driver's last line ("Can't reach database server at …"), not Prisma's multi-line call-site excerpt.
    const cause = (error as Error).message.trim().split("\n").pop();
    log.error({ error: cause, method: req.method, path: req.nextUrl.pathname }, "database unreachable");
    return errorResponse(new ApiError("unavailable", "The database (PostgreSQL) is unreachable; try again later"));
  }
  log.error({ err: error, method: req.method, path: req.nextUrl.pathname }, "unhandled error in route");
  return errorResponse(new ApiError("internal", "Internal server error"));
}

/**
 * For routes that need no caller (health, sign-in). Same parsing and error shape. `sameOrigin`: refuse a request
 * from another site (403) before its body is read (sign-in: login CSRF).
 */
export function publicRoute<S extends Schemas>(
  schemas: S,
  handler: (input: HandlerInput<S>) => Promise<unknown>,
  { sameOrigin = false }: { sameOrigin?: boolean } = {},
) {
  return async (req: NextRequest, ctx: RouteContext): Promise<Response> => {
    try {
      if (sameOrigin) assertSameOrigin(req);
      const input = await parseInput(schemas, req, ctx);
      return toResponse(await handler({ req, db: getPrisma(), ...input }));
    } catch (error) {
      return handleError(error, req);
    }
  };
}

/**
 * Authenticates the caller's workspace, parses params/query/body with zod, and maps every error to
 * `{ error: { code, message, details? } }`. Handlers get `workspace` and must scope every query by it.
 *
 * Two ways in, with the same workspace rules: `Authorization: Bearer <API token>` (wins when present), or the
 * dashboard's session cookie (the session's active workspace). A cookie-authenticated write must come from this
 * site (Origin / Sec-Fetch-Site), else 403 before anything is read or written.
 *
 * `rawBody`: the handler streams `req.body` itself (POST /api/media: files up to MEDIA_MAX_VIDEO_BYTES, any
 * Content-Type). The JSON checks (415 for non-JSON, API_MAX_BODY_BYTES) are skipped for it and only for it; auth,
 * workspace, the same-origin check and the params/query checks (zod, NUL) run as for every route, before the body is
 * touched. Such a route must also stay out of proxy.ts's matcher (Next would buffer and cut its body at 10 MB).
 */
export function workspaceRoute<S extends Schemas>(
  schemas: S,
  handler: (input: HandlerInput<S> & { workspace: WorkspaceContext }) => Promise<unknown>,
  { rawBody = false }: { rawBody?: boolean } = {},
) {
  return async (req: NextRequest, ctx: RouteContext): Promise<Response> => {
    try {
      const db = getPrisma();
      const authorization = req.headers.get("authorization");
      if (authorization) {
        const workspace = await authenticateBearer(db, authorization);
        const input = await parseInput(schemas, req, ctx, rawBody);
        return toResponse(await handler({ req, db, workspace, ...input }));
      }
      const session = await requireSession(db, req);
      const workspace: WorkspaceContext = {
        workspaceId: session.workspace.id,
        timezone: session.workspace.timezone,
        tokenId: null,
        userId: session.user.id,
        sessionId: session.sessionId,
        role: session.role,
        tokenScope: null,
      };
      const input = await parseInput(schemas, req, ctx, rawBody);
      return withRefreshedCookie(toResponse(await handler({ req, db, workspace, ...input })), session, req);
    } catch (error) {
      return handleError(error, req);
    }
  };
}
