import type { Permission } from "@/lib/auth/permissions";

// THE permission of every /api route and method, in one table. workspaceRoute finds the request's route
// (matchApiRoute) and method here and refuses with 403 before the handler runs; a route or method missing here is
// refused too (500, logged), never let through. tests/unit/route-permissions.test.ts fails when this table and
// lib/api/route-methods.ts (hence the route files) disagree; tests/integration/route-permissions.test.ts calls
// every entry as every role and checks the answer.
//
// "public": no caller needed (publicRoute): health, sign-in/out, and the session view that checks the cookie
// itself. "signed-in": any member with a session, whatever the role (switching workspace; publicRoute too, it
// checks the cookie itself). PERSON_ONLY_ROUTES: the permission holds for a signed-in member only, never for an
// API token (connecting an account is a browser round trip through the network's consent page). The OAuth callbacks
// are not public: the browser comes back with the person's session, whose role must still be allowed to connect.
// Signed media files (/media/:id/:variant?exp&sig, outside /api) are not here: their signature is the check.

export type RouteAccess = Permission | "public" | "signed-in";
export type HttpMethod = "GET" | "POST" | "PUT" | "PATCH" | "DELETE";

export const ROUTE_PERMISSIONS: Record<string, Partial<Record<HttpMethod, RouteAccess>>> = {
  "/api/attention": { GET: "posts:read" },
  "/api/audit": { GET: "audit:read" },
  "/api/auth/password-reset": { POST: "public" },
  "/api/auth/password-reset/confirm": { POST: "public" },
  "/api/auth/session": { GET: "public" },
  "/api/auth/sign-in": { POST: "public" },
  "/api/auth/sign-out": { POST: "public" },
  "/api/auth/workspace": { POST: "signed-in" },
  "/api/calendar": { GET: "posts:read" },
  "/api/channels": { GET: "channels:read", POST: "channels:manage" },
  "/api/channels/connect/mastodon": { POST: "channels:manage" },
  // The OAuth callback is reached by the browser coming back from the network: the person's session is checked
  // (and the state cookie), and only someone who may connect channels may finish a connection.
  "/api/channels/connect/mastodon/callback": { GET: "channels:manage" },
  "/api/channels/connect/bluesky": { POST: "channels:manage" },
  "/api/channels/connect/choices/[id]": { GET: "channels:manage", POST: "channels:manage" },
  "/api/channels/connect/[platform]": { POST: "channels:manage" },
  "/api/channels/connect/[platform]/callback": { GET: "channels:manage" },
  "/api/channels/[id]": { GET: "channels:read", PATCH: "channels:manage", DELETE: "channels:manage" },
  // The queue's weekly posting slots (README "Queue"): whoever schedules posts sets when the queue posts.
  "/api/channels/[id]/posting-schedule": { GET: "channels:read", PUT: "posts:schedule" },
  "/api/channels/[id]/quota": { GET: "channels:read" },
  "/api/channels/[id]/rotate-secret": { POST: "channels:manage" },
  "/api/health": { GET: "public" },
  // The invitee is not a member yet: the single-use token in the body is the check.
  "/api/invitations/accept": { POST: "public" },
  "/api/media": { GET: "media:read", POST: "media:write" },
  "/api/media/[id]": { GET: "media:read", PATCH: "media:write", DELETE: "media:write" },
  "/api/media/[id]/[variant]": { GET: "media:read" },
  // Metrics ingest (an operator's collector with a write token) writes engagement numbers onto posts.
  "/api/metrics": { POST: "posts:write" },
  // A person's own notifications and choices: every role reads posts; PERSON_ONLY_ROUTES (a token has no person).
  "/api/notifications": { GET: "posts:read" },
  "/api/notifications/preferences": { GET: "posts:read", PUT: "posts:read" },
  "/api/notifications/read": { POST: "posts:read" },
  "/api/posts": { GET: "posts:read", POST: "posts:write" },
  // Each action also needs what it does alone: move_to_draft, reschedule and schedule need posts:schedule.
  "/api/posts/bulk": { POST: "posts:write" },
  // Import and export (README "Import and export"): importing schedules as POST /api/posts does; a preview writes nothing.
  "/api/posts/export": { GET: "posts:read" },
  "/api/posts/import": { POST: "posts:write" },
  "/api/posts/import/preview": { POST: "posts:write" },
  "/api/posts/[id]": { GET: "posts:read", PATCH: "posts:write", DELETE: "posts:write" },
  "/api/posts/[id]/comments": { GET: "posts:read", POST: "posts:comment" },
  // Duplicate / "Edit as new": a new draft (into another workspace: posts:write there too, checked by the service).
  "/api/posts/[id]/duplicate": { POST: "posts:write" },
  "/api/posts/[id]/publications": { GET: "posts:read" },
  // Add to queue: schedules the post at the next free posting slot (approvals honoured, as schedule).
  "/api/posts/[id]/queue": { POST: "posts:schedule" },
  "/api/posts/[id]/results/[resultId]/resolve": { POST: "posts:write" },
  "/api/posts/[id]/retry": { POST: "posts:schedule" },
  // Approvals (README "Approvals"): approve or request changes; the comment thread.
  "/api/posts/[id]/review": { POST: "posts:approve" },
  // The queue (README "Queue"): its view reads posts; reordering reschedules them.
  "/api/queue": { GET: "posts:read" },
  "/api/queue/reorder": { POST: "posts:schedule" },
  "/api/scheduling/evergreen": { GET: "posts:read" },
  "/api/scheduling/evergreen/rotate": { POST: "posts:schedule" },
  "/api/scheduling/optimal-times": { GET: "posts:read" },
  "/api/scheduling/posts/[id]/schedule": { POST: "posts:schedule", DELETE: "posts:schedule" },
  // Publish now (the queue's "Share now"); with approvals on, only who may approve (else 403 from the service).
  "/api/scheduling/posts/[id]/share-now": { POST: "posts:schedule" },
  "/api/scheduling/queue": { GET: "posts:read" },
  "/api/scheduling/suggested-times": { GET: "posts:read" },
  "/api/workspace": { GET: "settings:read", PATCH: "settings:manage" },
  // The failure webhook's URL may carry a chat tool's secret: reading it is settings:manage too.
  "/api/workspace/failure-webhook": { GET: "settings:manage", PUT: "settings:manage", DELETE: "settings:manage" },
  "/api/workspace/failure-webhook/test": { POST: "settings:manage" },
  "/api/workspace/invitations": { GET: "members:read", POST: "members:manage" },
  "/api/workspace/invitations/[id]": { DELETE: "members:manage" },
  "/api/workspace/invitations/[id]/resend": { POST: "members:manage" },
  "/api/workspace/members": { GET: "members:read" },
  "/api/workspace/members/[userId]": { PATCH: "members:manage", DELETE: "members:manage" },
  "/api/workspace/ownership": { POST: "ownership:transfer" },
  "/api/workspace/tokens": { GET: "tokens:manage", POST: "tokens:manage" },
  "/api/workspace/tokens/[id]": { DELETE: "tokens:manage" },
  // Creating a workspace: a signed-in person becomes its Owner (no workspace permission applies yet).
  "/api/workspaces": { POST: "signed-in" },
};

export const PERSON_ONLY_ROUTES: ReadonlySet<string> = new Set([
  "/api/channels/connect/mastodon",
  "/api/channels/connect/mastodon/callback",
  "/api/channels/connect/choices/[id]",
  "/api/channels/connect/[platform]",
  "/api/channels/connect/[platform]/callback",
  "/api/notifications",
  "/api/notifications/preferences",
  "/api/notifications/read",
]);

/**
 * What `method` on `route` (a key of the table) needs, or null when the table says nothing (the caller refuses).
 * HEAD is answered by GET, so it needs what GET needs.
 */
export function routeAccess(route: string, method: string): RouteAccess | null {
  const upper = method.toUpperCase();
  const key = (upper === "HEAD" ? "GET" : upper) as HttpMethod;
  return ROUTE_PERMISSIONS[route]?.[key] ?? null;
}
