import { publicRoute } from "@/lib/api/route";
import { requireSession, withRefreshedCookie } from "@/lib/api/session";
import { buildSessionView } from "@/lib/auth/session-view";

export const dynamic = "force-dynamic";
export const runtime = "nodejs";

// GET /api/auth/session – the signed-in user, the active workspace and the workspaces they may switch to
export const GET = publicRoute({}, async ({ req, db }) => {
  const session = await requireSession(db, req);
  const view = await buildSessionView({ db, user: session.user, workspaceId: session.workspace.id });
  return withRefreshedCookie(Response.json(view, { headers: { "cache-control": "no-store" } }), session, req);
});
