import type { NextRequest } from "next/server";
import { ApiError } from "@/lib/api/errors";
import { errorResponse } from "@/lib/api/route";

export const dynamic = "force-dynamic";
export const runtime = "nodejs";

// Any /api path no route file serves: 404 in the JSON error shape (instead of Next's HTML page).
async function notFound(req: NextRequest): Promise<Response> {
  return errorResponse(new ApiError("not_found", `No API endpoint ${req.method} ${req.nextUrl.pathname}`));
}

// GET|POST|PUT|PATCH|DELETE /api/<unknown> – 404 not_found
export const GET = notFound;
export const HEAD = notFound;
export const POST = notFound;
export const PUT = notFound;
export const PATCH = notFound;
export const DELETE = notFound;
