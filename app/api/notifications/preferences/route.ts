import { workspaceRoute } from "@/lib/api/route";
import { requireMemberActor } from "@/lib/members/require-member-actor";
import { getNotificationPreferences } from "@/lib/notifications/get-notification-preferences";
import { saveNotificationPreferences } from "@/lib/notifications/save-notification-preferences";
import { savePreferencesBody } from "@/lib/schemas/notifications";

export const dynamic = "force-dynamic";
export const runtime = "nodejs";

// GET /api/notifications/preferences – my choice (in-app, email) per kind in this workspace, defaults filled in
export const GET = workspaceRoute({}, async ({ db, workspace }) => {
  const { userId } = requireMemberActor(workspace);
  return getNotificationPreferences({ db, workspaceId: workspace.workspaceId, userId });
});

// PUT /api/notifications/preferences – save my choice for the given kinds; answers every kind as GET does
export const PUT = workspaceRoute({ body: savePreferencesBody }, async ({ db, workspace, body }) => {
  const { userId } = requireMemberActor(workspace);
  await saveNotificationPreferences({ db, workspaceId: workspace.workspaceId, userId, preferences: body.preferences });
  return getNotificationPreferences({ db, workspaceId: workspace.workspaceId, userId });
});
