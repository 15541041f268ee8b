import { workspaceRoute } from "@/lib/api/route";
import { requirePermission } from "@/lib/auth/permissions";
import { updateWorkspaceBody } from "@/lib/schemas/workspace-settings";
import { getWorkspaceSettings } from "@/lib/workspaces/get-workspace-settings";
import { updateWorkspaceSettings } from "@/lib/workspaces/update-workspace-settings";

export const dynamic = "force-dynamic";
export const runtime = "nodejs";

// GET /api/workspace – the caller's workspace settings: name, time zone, week start, default channels
export const GET = workspaceRoute({}, async ({ db, workspace }) => {
  requirePermission(workspace, "settings:read");
  return getWorkspaceSettings({ db, workspaceId: workspace.workspaceId });
});

// PATCH /api/workspace – change any of them (settings:manage); scheduled instants stay, the change is audited
export const PATCH = workspaceRoute({ body: updateWorkspaceBody }, async ({ db, workspace, body }) => {
  requirePermission(workspace, "settings:manage");
  return updateWorkspaceSettings({
    db,
    workspaceId: workspace.workspaceId,
    actorUserId: workspace.userId,
    changes: body,
  });
});
