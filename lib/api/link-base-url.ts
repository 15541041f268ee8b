import { getEnv } from "@/lib/env";

/**
 * The origin links in mail point at (invitation, password reset): PUBLIC_URL when set (README "Configuration"),
 * else the origin the request came to (right for a browser on the same address; behind a proxy set PUBLIC_URL).
 * No trailing slash.
 */
export function linkBaseUrl(req: Request): string {
  const configured = getEnv().PUBLIC_URL;
  return (configured ?? new URL(req.url).origin).replace(/\/+$/, "");
}
