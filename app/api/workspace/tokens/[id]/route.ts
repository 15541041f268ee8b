import { workspaceRoute } from "@/lib/api/route";
import { withdrawApiToken } from "@/lib/api-tokens/withdraw-api-token";
import { requirePermission } from "@/lib/auth/permissions";
import { apiTokenIdParams } from "@/lib/schemas/workspace-settings";

export const dynamic = "force-dynamic";
export const runtime = "nodejs";

// DELETE /api/workspace/tokens/:id – revoke a token at once (another workspace's: 404); revoking twice is a no-op
export const DELETE = workspaceRoute({ params: apiTokenIdParams }, async ({ db, workspace, params }) => {
  requirePermission(workspace, "tokens:manage");
  const token = await withdrawApiToken({
    db,
    workspaceId: workspace.workspaceId,
    actorUserId: workspace.userId,
    tokenId: params.id,
  });
  return { id: token.id, name: token.name, prefix: token.prefix, revokedAt: token.revokedAt?.toISOString() ?? null };
});
