import { createHash, randomBytes } from "node:crypto";

// The session cookie carries a 256-bit random token; the database keeps only its SHA-256 (like API tokens),
// so a database leak gives no usable session.

export const SESSION_COOKIE = "cadence_session";
export const SESSION_TTL_MS = 14 * 24 * 3_600_000;
/** A used session is extended (expiry and cookie) at most once per this interval. */
export const SESSION_REFRESH_MS = 24 * 3_600_000;

export function generateSessionToken(): { token: string; hash: string } {
  const token = randomBytes(32).toString("base64url");
  return { token, hash: hashSessionToken(token) };
}

export function hashSessionToken(token: string): string {
  return createHash("sha256").update(token).digest("hex");
}

type CookieOptions = { secure: boolean };

/** `Set-Cookie` value for the session: httpOnly, SameSite=Lax, Path=/, expiring with the session. */
export function sessionCookie(token: string, expiresAt: Date, { secure }: CookieOptions): string {
  const maxAge = Math.max(0, Math.floor((expiresAt.getTime() - Date.now()) / 1000));
  return [
    `${SESSION_COOKIE}=${token}`,
    "Path=/",
    `Expires=${expiresAt.toUTCString()}`,
    `Max-Age=${maxAge}`,
    "HttpOnly",
    "SameSite=Lax",
    ...(secure ? ["Secure"] : []),
  ].join("; ");
}

/** `Set-Cookie` value that removes the session cookie. */
export function clearedSessionCookie({ secure }: CookieOptions): string {
  return [
    `${SESSION_COOKIE}=`,
    "Path=/",
    "Expires=Thu, 01 Jan 1970 00:00:00 GMT",
    "Max-Age=0",
    "HttpOnly",
    "SameSite=Lax",
    ...(secure ? ["Secure"] : []),
  ].join("; ");
}
