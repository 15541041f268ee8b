import { workspaceRoute } from "@/lib/api/route";
import { requireMemberActor } from "@/lib/members/require-member-actor";
import { transferOwnership } from "@/lib/members/transfer-ownership";
import { transferOwnershipBody } from "@/lib/schemas/members";

export const dynamic = "force-dynamic";
export const runtime = "nodejs";

// POST /api/workspace/ownership – the Owner hands ownership to another member and becomes an Admin
export const POST = workspaceRoute({ body: transferOwnershipBody }, async ({ db, workspace, body }) => {
  const actor = requireMemberActor(workspace);
  return transferOwnership({ db, workspaceId: workspace.workspaceId, fromUserId: actor.userId, toUserId: body.userId });
});
