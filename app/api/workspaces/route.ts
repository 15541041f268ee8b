import { ApiError } from "@/lib/api/errors";
import { Reply, workspaceRoute } from "@/lib/api/route";
import { createWorkspaceBody } from "@/lib/schemas/workspace-settings";
import { createOwnedWorkspace } from "@/lib/workspaces/create-owned-workspace";

export const dynamic = "force-dynamic";
export const runtime = "nodejs";

// POST /api/workspaces – a new workspace { name, timezone }: the signed-in creator is its owner and switches to it
export const POST = workspaceRoute({ body: createWorkspaceBody }, async ({ db, workspace, body }) => {
  if (!workspace.userId || !workspace.sessionId)
    throw new ApiError(
      "forbidden",
      "A workspace is created by a signed-in person (its owner): API tokens cannot create workspaces (operators: npm run cadence -- workspace create)",
    );
  const view = await createOwnedWorkspace({
    db,
    userId: workspace.userId,
    sessionId: workspace.sessionId,
    name: body.name,
    timezone: body.timezone,
  });
  return new Reply(201, view);
});
