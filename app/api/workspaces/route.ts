import { ApiError } from "@/lib/api/errors";
import { publicRoute, Reply } from "@/lib/api/route";
import { requireSession } from "@/lib/api/session";
import { createWorkspaceBody } from "@/lib/schemas/workspace-settings";
import { createOwnedWorkspace } from "@/lib/workspaces/create-owned-workspace";

export const dynamic = "force-dynamic";
export const runtime = "nodejs";

// POST /api/workspaces – a new workspace { name, timezone }: the signed-in creator is its owner and switches to it.
// Like switching workspace it needs a signed-in person, whatever their role where they are now (no workspace
// permission applies: the new workspace is theirs); an API token belongs to a workspace, not a person: 403.
export const POST = publicRoute({ body: createWorkspaceBody }, async ({ req, db, body }) => {
  if (req.headers.get("authorization"))
    throw new ApiError(
      "forbidden",
      "A workspace is created by a signed-in person (its owner): API tokens cannot create workspaces (operators: npm run cadence -- workspace create)",
    );
  const session = await requireSession(db, req);
  const view = await createOwnedWorkspace({
    db,
    userId: session.user.id,
    sessionId: session.sessionId,
    name: body.name,
    timezone: body.timezone,
  });
  return new Reply(201, view);
});
