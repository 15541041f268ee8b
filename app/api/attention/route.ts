import { workspaceRoute } from "@/lib/api/route";
import { listAttention } from "@/lib/attention/list-attention";
import { attentionQuerySchema } from "@/lib/schemas/attention";

export const dynamic = "force-dynamic";
export const runtime = "nodejs";

// GET /api/attention – failed, partly published and unconfirmed posts, channels to reconnect, posts counted by state
export const GET = workspaceRoute({ query: attentionQuerySchema }, async ({ db, workspace, query }) => {
  return listAttention({ db, workspaceId: workspace.workspaceId, limit: query.limit });
});
