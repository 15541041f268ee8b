import { Reply, workspaceRoute } from "@/lib/api/route";
import { issueApiToken } from "@/lib/api-tokens/issue-api-token";
import { listApiTokens } from "@/lib/api-tokens/list-api-tokens";
import { toApiTokenView } from "@/lib/api-tokens/to-api-token-view";
import { requirePermission } from "@/lib/auth/permissions";
import { createApiTokenBody } from "@/lib/schemas/workspace-settings";

export const dynamic = "force-dynamic";
export const runtime = "nodejs";

// GET /api/workspace/tokens – the workspace's API tokens (name, prefix, scope, dates; never the token)
export const GET = workspaceRoute({}, async ({ db, workspace }) => {
  requirePermission(workspace, "tokens:manage");
  const rows = await listApiTokens({ db, workspaceId: workspace.workspaceId });
  return { tokens: rows.map(toApiTokenView) };
});

// POST /api/workspace/tokens – a new token { name, scope: "read" | "write" }; the token is in this answer only
export const POST = workspaceRoute({ body: createApiTokenBody }, async ({ db, workspace, body }) => {
  requirePermission(workspace, "tokens:manage");
  const created = await issueApiToken({
    db,
    workspaceId: workspace.workspaceId,
    actorUserId: workspace.userId,
    name: body.name,
    scope: body.scope,
  });
  const { token, ...row } = created;
  return new Reply(201, {
    ...toApiTokenView({ ...row, lastUsedAt: null, revokedAt: null }),
    token,
  });
});
