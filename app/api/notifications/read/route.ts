import { workspaceRoute } from "@/lib/api/route";
import { requireMemberActor } from "@/lib/members/require-member-actor";
import { markNotificationsRead } from "@/lib/notifications/mark-notifications-read";
import { markReadBody } from "@/lib/schemas/notifications";

export const dynamic = "force-dynamic";
export const runtime = "nodejs";

// POST /api/notifications/read – mark { ids } or { all: true } of mine read; answers { updated, unreadCount }
export const POST = workspaceRoute({ body: markReadBody }, async ({ db, workspace, body }) => {
  const { userId } = requireMemberActor(workspace);
  return markNotificationsRead({ db, workspaceId: workspace.workspaceId, userId, input: body });
});
