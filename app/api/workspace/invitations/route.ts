import { ApiError } from "@/lib/api/errors";
import { linkBaseUrl } from "@/lib/api/link-base-url";
import { Reply, workspaceRoute } from "@/lib/api/route";
import { getProducerRedis } from "@/lib/db/redis";
import { createInvitation } from "@/lib/invitations/create-invitation";
import { listInvitations } from "@/lib/invitations/list-invitations";
import { createInvitationBody } from "@/lib/schemas/invitations";

export const dynamic = "force-dynamic";
export const runtime = "nodejs";

// GET /api/workspace/invitations – the workspace's invitations with their status (members:read)
export const GET = workspaceRoute({}, async ({ db, workspace }) => {
  return { invitations: await listInvitations({ db, workspaceId: workspace.workspaceId }) };
});

// POST /api/workspace/invitations – invite an email with a role; mails the link, or answers it without SMTP (members:manage)
export const POST = workspaceRoute({ body: createInvitationBody }, async ({ req, db, workspace, body }) => {
  if (!workspace.userId)
    throw new ApiError("forbidden", "Invitations are sent by a signed-in person, not an API token");
  const { invitation, delivery } = await createInvitation({
    db,
    redis: getProducerRedis(),
    workspaceId: workspace.workspaceId,
    inviterUserId: workspace.userId,
    email: body.email,
    role: body.role,
    baseUrl: linkBaseUrl(req),
  });
  return new Reply(201, { invitation, delivery });
});
