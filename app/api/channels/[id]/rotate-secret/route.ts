import { workspaceRoute } from "@/lib/api/route";
import { rotateWebhookSecret } from "@/lib/channels/rotate-webhook-secret";
import { channelIdParams, rotateSecretBody } from "@/lib/schemas/channels";

export const dynamic = "force-dynamic";
export const runtime = "nodejs";

// POST /api/channels/:id/rotate-secret – new webhook signing secret (shown once); the old one signs during grace
export const POST = workspaceRoute(
  { params: channelIdParams, body: rotateSecretBody },
  async ({ db, workspace, params, body }) => {
    return rotateWebhookSecret({ db, workspaceId: workspace.workspaceId, channelId: params.id, input: body });
  },
);
