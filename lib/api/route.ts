import type { NextRequest } from "next/server";
import type { z } from "zod";
import { authenticateBearer, type WorkspaceContext } from "@/lib/api/auth";
import { ApiError, type ErrorBody, fromZodError } from "@/lib/api/errors";
import { requireSession, withRefreshedCookie } from "@/lib/api/session";
import { isDatabaseUnreachable } from "@/lib/db/is-database-unreachable";
import { type Db, getPrisma } from "@/lib/db/prisma";
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
  return Response.json(body, { status: error.status, headers: { "cache-control": "no-store" } });
}

async function readJson(req: NextRequest): Promise<unknown> {
  const text = await req.text();
  if (text.trim() === "") return undefined;
  try {
    return JSON.parse(text);
  } catch {
    throw new ApiError("invalid_request", "Request body is not valid JSON");
  }
}

async function parseInput<S extends Schemas>(schemas: S, req: NextRequest, ctx: RouteContext) {
  const parse = (schema: z.ZodType | undefined, value: unknown, where: "params" | "query" | "body") => {
    if (!schema) return undefined;
    const result = schema.safeParse(value);
    if (!result.success) throw fromZodError(result.error, where);
    return result.data;
  };
  const params = parse(schemas.params, await ctx.params, "params");
  const query = parse(schemas.query, Object.fromEntries(req.nextUrl.searchParams), "query");
  const body = schemas.body ? parse(schemas.body, await readJson(req), "body") : undefined;
  return { params, query, body } as { params: Infer<S, "params">; query: Infer<S, "query">; body: Infer<S, "body"> };
}

function toResponse(result: unknown): Response {
  if (result instanceof Response) return result;
  if (result instanceof Reply) return Response.json(result.body, { status: result.status });
  if (result === undefined) return new Response(null, { status: 204 });
  return Response.json(result);
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

/** For routes that need no caller (health). Same parsing and error shape. */
export function publicRoute<S extends Schemas>(schemas: S, handler: (input: HandlerInput<S>) => Promise<unknown>) {
  return async (req: NextRequest, ctx: RouteContext): Promise<Response> => {
    try {
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
 */
export function workspaceRoute<S extends Schemas>(
  schemas: S,
  handler: (input: HandlerInput<S> & { workspace: WorkspaceContext }) => Promise<unknown>,
) {
  return async (req: NextRequest, ctx: RouteContext): Promise<Response> => {
    try {
      const db = getPrisma();
      const authorization = req.headers.get("authorization");
      if (authorization) {
        const workspace = await authenticateBearer(db, authorization);
        const input = await parseInput(schemas, req, ctx);
        return toResponse(await handler({ req, db, workspace, ...input }));
      }
      const session = await requireSession(db, req);
      const workspace: WorkspaceContext = {
        workspaceId: session.workspace.id,
        timezone: session.workspace.timezone,
        tokenId: null,
        userId: session.user.id,
        sessionId: session.sessionId,
      };
      const input = await parseInput(schemas, req, ctx);
      return withRefreshedCookie(toResponse(await handler({ req, db, workspace, ...input })), session, req);
    } catch (error) {
      return handleError(error, req);
    }
  };
}
