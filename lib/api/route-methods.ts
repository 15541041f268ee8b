// The methods each /api route file exports, for proxy.ts: a known path asked with another method answers 405 in
// the JSON error shape with `Allow` (Next's own 405 has an empty body). tests/unit/route-methods.test.ts reads
// every app/api/**/route.ts and fails when this table and the files disagree: add a new route here.
// No imports: proxy.ts bundles this file.

export const API_ROUTE_METHODS: Record<string, readonly string[]> = {
  "/api/attention": ["GET"],
  "/api/auth/password-reset": ["POST"],
  "/api/auth/password-reset/confirm": ["POST"],
  "/api/auth/session": ["GET"],
  "/api/auth/sign-in": ["POST"],
  "/api/auth/sign-out": ["POST"],
  "/api/auth/workspace": ["POST"],
  "/api/audit": ["GET"],
  "/api/calendar": ["GET"],
  "/api/channels": ["GET", "POST"],
  // First match wins: the connect paths (static ones first) before /api/channels/[id]/…
  "/api/channels/connect/mastodon": ["POST"],
  "/api/channels/connect/mastodon/callback": ["GET"],
  "/api/channels/connect/bluesky": ["POST"],
  "/api/channels/connect/choices/[id]": ["GET", "POST"],
  "/api/channels/connect/[platform]": ["POST"],
  "/api/channels/connect/[platform]/callback": ["GET"],
  "/api/channels/[id]": ["GET", "PATCH", "DELETE"],
  "/api/channels/[id]/posting-schedule": ["GET", "PUT"],
  "/api/channels/[id]/quota": ["GET"],
  "/api/channels/[id]/rotate-secret": ["POST"],
  "/api/health": ["GET"],
  "/api/invitations/accept": ["POST"],
  "/api/media": ["GET", "POST"],
  "/api/media/[id]": ["GET", "PATCH", "DELETE"],
  "/api/media/[id]/[variant]": ["GET"],
  "/api/metrics": ["POST"],
  "/api/notifications": ["GET"],
  "/api/notifications/preferences": ["GET", "PUT"],
  "/api/notifications/read": ["POST"],
  "/api/posts": ["GET", "POST"],
  "/api/posts/bulk": ["POST"],
  // Before "/api/posts/[id]": the first pattern that matches a path wins, and [id] matches these too.
  "/api/posts/export": ["GET"],
  "/api/posts/import": ["POST"],
  "/api/posts/import/preview": ["POST"],
  "/api/posts/[id]": ["GET", "PATCH", "DELETE"],
  "/api/posts/[id]/comments": ["GET", "POST"],
  "/api/posts/[id]/duplicate": ["POST"],
  "/api/posts/[id]/publications": ["GET"],
  "/api/posts/[id]/queue": ["POST"],
  "/api/posts/[id]/results/[resultId]/resolve": ["POST"],
  "/api/posts/[id]/retry": ["POST"],
  "/api/posts/[id]/review": ["POST"],
  "/api/queue": ["GET"],
  "/api/queue/reorder": ["POST"],
  "/api/scheduling/evergreen": ["GET"],
  "/api/scheduling/evergreen/rotate": ["POST"],
  "/api/scheduling/optimal-times": ["GET"],
  "/api/scheduling/posts/[id]/schedule": ["POST", "DELETE"],
  "/api/scheduling/posts/[id]/share-now": ["POST"],
  "/api/scheduling/queue": ["GET"],
  "/api/scheduling/suggested-times": ["GET"],
  "/api/workspace/failure-webhook": ["GET", "PUT", "DELETE"],
  "/api/workspace/failure-webhook/test": ["POST"],
  "/api/workspace/members": ["GET"],
  "/api/workspace/members/[userId]": ["PATCH", "DELETE"],
  "/api/workspace/ownership": ["POST"],
  "/api/workspace/invitations": ["GET", "POST"],
  "/api/workspace/invitations/[id]": ["DELETE"],
  "/api/workspace/invitations/[id]/resend": ["POST"],
  "/api/workspace": ["GET", "PATCH"],
  "/api/workspace/tokens": ["GET", "POST"],
  "/api/workspace/tokens/[id]": ["DELETE"],
  "/api/workspaces": ["POST"],
};

const compiled = Object.entries(API_ROUTE_METHODS).map(([route, methods]) => ({
  route,
  pattern: new RegExp(`^${route.replace(/\[[^\]/]+\]/g, "[^/]+")}/?$`),
  methods,
}));

/** The route (a key of API_ROUTE_METHODS, e.g. "/api/posts/[id]") that serves `pathname`, or null. */
export function matchApiRoute(pathname: string): string | null {
  return compiled.find((r) => r.pattern.test(pathname))?.route ?? null;
}

/**
 * The methods `pathname` answers (with HEAD where GET is, and OPTIONS, which Next answers itself), or null for a
 * path no route file serves (the catch-all app/api/[...path] answers those 404).
 */
export function allowedApiMethods(pathname: string): string[] | null {
  const route = compiled.find((r) => r.pattern.test(pathname));
  if (!route) return null;
  const allowed = [...route.methods];
  if (allowed.includes("GET")) allowed.push("HEAD");
  allowed.push("OPTIONS");
  return allowed;
}
