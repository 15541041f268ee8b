import { workspaceRoute } from "@/lib/api/route";
import { resolveUnconfirmedResult } from "@/lib/publishing/resolve-unconfirmed-result";
import { resolveBodySchema, resultParamsSchema } from "@/lib/schemas/attention";

export const dynamic = "force-dynamic";
export const runtime = "nodejs";

// POST /api/posts/:id/results/:resultId/resolve – settle an UNCONFIRMED result after checking the network
export const POST = workspaceRoute(
  { params: resultParamsSchema, body: resolveBodySchema },
  async ({ db, workspace, params, body }) => {
    return resolveUnconfirmedResult({
      db,
      workspaceId: workspace.workspaceId,
      postId: params.id,
      resultId: params.resultId,
      as: body.as,
      url: body.url,
    });
  },
);
