import { workspaceRoute } from "@/lib/api/route";
import { changeMemberRole } from "@/lib/members/change-member-role";
import { removeMember } from "@/lib/members/remove-member";
import { requireMemberActor } from "@/lib/members/require-member-actor";
import { changeRoleBody, memberParams } from "@/lib/schemas/members";

export const dynamic = "force-dynamic";
export const runtime = "nodejs";

// PATCH /api/workspace/members/:userId – change a member's role
export const PATCH = workspaceRoute(
  { params: memberParams, body: changeRoleBody },
  async ({ db, workspace, params, body }) => {
    const actor = requireMemberActor(workspace);
    return changeMemberRole({ db, workspaceId: workspace.workspaceId, actor, userId: params.userId, role: body.role });
  },
);

// DELETE /api/workspace/members/:userId – remove a member; their sessions in this workspace end at once
export const DELETE = workspaceRoute({ params: memberParams }, async ({ db, workspace, params }) => {
  const actor = requireMemberActor(workspace);
  return removeMember({ db, workspaceId: workspace.workspaceId, actor, userId: params.userId });
});
