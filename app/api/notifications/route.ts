import { workspaceRoute } from "@/lib/api/route";
import { requireMemberActor } from "@/lib/members/require-member-actor";
import { listNotifications } from "@/lib/notifications/list-notifications";
import { listNotificationsQuery } from "@/lib/schemas/notifications";

export const dynamic = "force-dynamic";
export const runtime = "nodejs";

// GET /api/notifications – my notifications in this workspace, newest first, with the unread count (a person only)
export const GET = workspaceRoute({ query: listNotificationsQuery }, async ({ db, workspace, query }) => {
  const { userId } = requireMemberActor(workspace);
  return listNotifications({ db, workspaceId: workspace.workspaceId, userId, ...query });
});
