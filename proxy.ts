import { type NextRequest, NextResponse } from "next/server";
import { allowedApiMethods } from "@/lib/api/route-methods";

// Two jobs, by path (the matcher below):
// - /api/*: a known endpoint asked with a method it does not have → 405 in the API's JSON error shape, with Allow.
//   Unknown paths go on to app/api/[...path] (404 JSON). Because the proxy runs for /api, Next buffers a request body
//   (up to its proxyClientMaxBodySize, 10 MB) before the route reads it; lib/env.ts keeps API_MAX_BODY_BYTES below.
//   The media upload (/api/media) is left out of the matcher for that reason (see `config`).
// - Dashboard pages: an optimistic check, as Next's docs advise: no session cookie at all → straight to sign-in with
//   `next`, without rendering anything. The real check (cookie valid, not expired, still a member) is in
//   app/(dashboard)/layout.tsx, which gets the requested path from `x-cadence-path` to come back to.

const SESSION_COOKIE = "cadence_session"; // lib/auth/session-token.ts (not imported: keep the proxy bundle tiny)

function methodNotAllowed(req: NextRequest, allowed: string[]): Response {
  const body = {
    error: {
      code: "method_not_allowed",
      message: `${req.method} is not allowed on ${req.nextUrl.pathname}; allowed: ${allowed.join(", ")}`,
      details: { allow: allowed },
    },
  };
  return Response.json(body, {
    status: 405,
    headers: { allow: allowed.join(", "), "cache-control": "no-store", "x-content-type-options": "nosniff" },
  });
}

export function proxy(req: NextRequest) {
  if (req.nextUrl.pathname.startsWith("/api/")) {
    const allowed = allowedApiMethods(req.nextUrl.pathname);
    if (allowed && !allowed.includes(req.method.toUpperCase())) return methodNotAllowed(req, allowed);
    return NextResponse.next();
  }
  const path = req.nextUrl.pathname + req.nextUrl.search;
  if (!req.cookies.get(SESSION_COOKIE)?.value) {
    const url = new URL("/sign-in", req.url);
    if (path !== "/") url.searchParams.set("next", path);
    return NextResponse.redirect(url);
  }
  const headers = new Headers(req.headers);
  headers.set("x-cadence-path", path);
  return NextResponse.next({ request: { headers } });
}

// Every /api path except exactly /api/media, the streamed upload (POST, up to MEDIA_MAX_VIDEO_BYTES): through the
// proxy Next would buffer its body and hand the route at most the first 10 MB. That path's methods (GET, POST) are
// then answered by Next alone: another method there gets Next's bare 405 instead of the JSON one. /api/media/:id and
// everything else still pass here.
export const config = {
  matcher: [
    "/",
    "/insights/:path*",
    "/evergreen/:path*",
    "/library/:path*",
    "/settings/:path*",
    "/api",
    "/api/((?!media/?$).*)",
  ],
};
