import { workspaceRoute } from "@/lib/api/route";
import { deleteFailureWebhook } from "@/lib/failure-webhook/delete-failure-webhook";
import { toFailureWebhookView } from "@/lib/failure-webhook/failure-webhook-view";
import { saveFailureWebhook } from "@/lib/failure-webhook/save-failure-webhook";
import { saveFailureWebhookBody } from "@/lib/schemas/notifications";

export const dynamic = "force-dynamic";
export const runtime = "nodejs";

// GET /api/workspace/failure-webhook – the workspace's failure webhook URL (never its secret), or configured: false
export const GET = workspaceRoute({}, async ({ db, workspace }) => {
  const row = await db.failureWebhook.findUnique({ where: { workspaceId: workspace.workspaceId } });
  return toFailureWebhookView(row);
});

// PUT /api/workspace/failure-webhook – set its URL { url, rotateSecret? }; a new secret is in this answer only
export const PUT = workspaceRoute({ body: saveFailureWebhookBody }, async ({ db, workspace, body }) => {
  return saveFailureWebhook({
    db,
    workspaceId: workspace.workspaceId,
    actorUserId: workspace.userId,
    url: body.url,
    rotateSecret: body.rotateSecret,
  });
});

// DELETE /api/workspace/failure-webhook – stop sending failures there
export const DELETE = workspaceRoute({}, async ({ db, workspace }) => {
  await deleteFailureWebhook({ db, workspaceId: workspace.workspaceId, actorUserId: workspace.userId });
});
