/**
 * Where to go after sign-in: only a path on this site (`/…`, not `//host` or `/\\host`, which browsers read as
 * another host), never back to the sign-in page itself. Anything else becomes `/`.
 */
export function safeNext(next: string | null | undefined): string {
  if (!next?.startsWith("/") || next.startsWith("//") || next.startsWith("/\\")) return "/";
  // No control characters (a tab or newline inside "/\t/evil.example" is dropped by URL parsers).
  if ([...next].some((c) => c.charCodeAt(0) < 0x20)) return "/";
  if (next === "/sign-in" || next.startsWith("/sign-in?") || next.startsWith("/sign-in/")) return "/";
  return next;
}

/** The sign-in URL that comes back to `path` afterwards. */
export function signInUrl(path: string | null | undefined): string {
  const next = safeNext(path);
  return next === "/" ? "/sign-in" : `/sign-in?next=${encodeURIComponent(next)}`;
}

export const DEMO_EMAIL = "demo@cadence.local";
