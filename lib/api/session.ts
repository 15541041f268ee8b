import type { NextRequest } from "next/server";
import { ApiError } from "@/lib/api/errors";
import { type ActiveSession, getSessionFromCookie } from "@/lib/auth/get-session";
import { clearedSessionCookie, SESSION_COOKIE, sessionCookie } from "@/lib/auth/session-token";
import type { Db } from "@/lib/db/prisma";
import { getEnv } from "@/lib/env";

// Next-specific glue for the session cookie: reading it, writing it, and the cross-site check on writes.

const SAFE_METHODS = new Set(["GET", "HEAD", "OPTIONS"]);
const LOOPBACK = new Set(["localhost", "127.0.0.1", "[::1]"]);

export function isUnsafeMethod(method: string): boolean {
  return !SAFE_METHODS.has(method.toUpperCase());
}

export function readSessionToken(req: NextRequest): string | undefined {
  return req.cookies.get(SESSION_COOKIE)?.value || undefined;
}

function hostOf(req: NextRequest): string {
  return (
    (req.headers.get("x-forwarded-host") ?? req.headers.get("host") ?? req.nextUrl.host).split(",")[0]?.trim() ?? ""
  );
}

/**
 * Secure cookies over https (seen directly or through X-Forwarded-Proto), and always in production except on a
 * loopback host (`next start` on http://localhost, the e2e run), where a browser would drop a Secure cookie.
 * COOKIE_SECURE=always|never overrides this (never: a self-hosted install served over plain http on a LAN).
 */
export function isSecureRequest(req: NextRequest): boolean {
  const setting = getEnv().COOKIE_SECURE;
  if (setting !== "auto") return setting === "always";
  const proto = req.headers.get("x-forwarded-proto")?.split(",")[0]?.trim() ?? req.nextUrl.protocol.replace(":", "");
  if (proto === "https") return true;
  const hostname = hostOf(req).replace(/:\d+$/, "");
  return process.env.NODE_ENV === "production" && !LOOPBACK.has(hostname);
}

export function setSessionCookie(res: Response, token: string, expiresAt: Date, req: NextRequest): Response {
  res.headers.append("set-cookie", sessionCookie(token, expiresAt, { secure: isSecureRequest(req) }));
  return res;
}

export function clearSessionCookie(res: Response, req: NextRequest): Response {
  res.headers.append("set-cookie", clearedSessionCookie({ secure: isSecureRequest(req) }));
  return res;
}

/**
 * Cookie-authenticated writes must come from Cadence's own pages: the `Origin` header must name this host (the
 * Host header, or X-Forwarded-Host behind a proxy), or, without Origin, `Sec-Fetch-Site` must be `same-origin`.
 * SameSite=Lax already keeps the cookie off cross-site POSTs; this also covers same-site-but-other-origin pages
 * (a sibling subdomain) and browsers that ignore SameSite. Browsers always send Origin on a fetch/form POST.
 */
export function assertSameOrigin(req: NextRequest): void {
  const origin = req.headers.get("origin");
  const allowed = new Set([req.headers.get("host"), req.headers.get("x-forwarded-host")?.split(",")[0]?.trim()]);
  if (origin && origin !== "null") {
    let originHost: string;
    try {
      originHost = new URL(origin).host;
    } catch {
      throw new ApiError("forbidden", `Cross-site request refused: malformed Origin ${origin}`);
    }
    if (allowed.has(originHost)) return;
    throw new ApiError("forbidden", `Cross-site request refused: Origin ${origin} does not match this site`);
  }
  if (req.headers.get("sec-fetch-site") === "same-origin") return;
  throw new ApiError(
    "forbidden",
    "Cross-site request refused: a signed-in write needs an Origin header from this site (API clients: send Authorization: Bearer <API token>)",
  );
}

/**
 * The caller's session from the cookie, or 401. For a write, the same-origin check runs first (403), so a
 * cross-site request learns nothing and touches nothing.
 */
export async function requireSession(db: Db, req: NextRequest): Promise<ActiveSession> {
  const token = readSessionToken(req);
  if (!token)
    throw new ApiError("unauthenticated", "Not signed in: sign in, or send Authorization: Bearer <API token>");
  if (isUnsafeMethod(req.method)) assertSameOrigin(req);
  const session = await getSessionFromCookie({ db, token });
  if (!session) throw new ApiError("unauthenticated", "Not signed in, or the session has expired: sign in again");
  return session;
}

/** Sends the cookie again with the new expiry when this request extended the session. */
export function withRefreshedCookie(res: Response, session: ActiveSession, req: NextRequest): Response {
  const token = readSessionToken(req);
  if (!session.refreshed || !token) return res;
  return setSessionCookie(res, token, session.expiresAt, req);
}
