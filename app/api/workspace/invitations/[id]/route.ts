import { workspaceRoute } from "@/lib/api/route";
import { revokeInvitation } from "@/lib/invitations/revoke-invitation";
import { invitationIdParams } from "@/lib/schemas/invitations";

export const dynamic = "force-dynamic";
export const runtime = "nodejs";

// DELETE /api/workspace/invitations/:id – revoke an invitation: its link stops working (members:manage)
export const DELETE = workspaceRoute({ params: invitationIdParams }, async ({ db, workspace, params }) => {
  const invitation = await revokeInvitation({
    db,
    workspaceId: workspace.workspaceId,
    invitationId: params.id,
    actorUserId: workspace.userId,
  });
  return { invitation };
});
