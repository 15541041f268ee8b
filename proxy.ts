import { type NextRequest, NextResponse } from "next/server";

// Dashboard pages only (the matcher below). An optimistic check, as Next's docs advise: no session cookie at all
// → straight to sign-in with `next`, without rendering anything. The real check (cookie valid, not expired, still
// a member) is in app/(dashboard)/layout.tsx, which gets the requested path from `x-cadence-path` to come back to.

const SESSION_COOKIE = "cadence_session"; // lib/auth/session-token.ts (not imported: keep the proxy bundle tiny)

export function proxy(req: NextRequest) {
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

export const config = { matcher: ["/", "/insights/:path*", "/evergreen/:path*"] };
