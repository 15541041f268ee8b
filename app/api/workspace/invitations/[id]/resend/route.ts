import { ApiError } from "@/lib/api/errors";
import { linkBaseUrl } from "@/lib/api/link-base-url";
import { workspaceRoute } from "@/lib/api/route";
import { getProducerRedis } from "@/lib/db/redis";
import { resendInvitation } from "@/lib/invitations/resend-invitation";
import { invitationIdParams } from "@/lib/schemas/invitations";

export const dynamic = "force-dynamic";
export const runtime = "nodejs";

// POST /api/workspace/invitations/:id/resend – new link (the old one dies) and 7 more days (members:manage)
export const POST = workspaceRoute({ params: invitationIdParams }, async ({ req, db, workspace, params }) => {
  if (!workspace.userId)
    throw new ApiError("forbidden", "Invitations are sent by a signed-in person, not an API token");
  return resendInvitation({
    db,
    redis: getProducerRedis(),
    workspaceId: workspace.workspaceId,
    invitationId: params.id,
    actorUserId: workspace.userId,
    baseUrl: linkBaseUrl(req),
  });
});
