import { publicRoute } from "@/lib/api/route";
import { requireSession } from "@/lib/api/session";
import { switchWorkspace } from "@/lib/auth/switch-workspace";
import { switchWorkspaceBody } from "@/lib/schemas/auth";

export const dynamic = "force-dynamic";
export const runtime = "nodejs";

// POST /api/auth/workspace – make another of the user's workspaces the active one (not a member: 404)
export const POST = publicRoute({ body: switchWorkspaceBody }, async ({ req, db, body }) => {
  const session = await requireSession(db, req);
  return switchWorkspace({ db, sessionId: session.sessionId, user: session.user, workspaceId: body.workspaceId });
});
