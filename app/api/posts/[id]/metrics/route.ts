import { workspaceRoute } from "@/lib/api/route";
import { getPostMetrics } from "@/lib/metrics/get-post-metrics";
import { postMetricsResponseSchema } from "@/lib/schemas/metrics";
import { postIdParams } from "@/lib/schemas/posts";

export const dynamic = "force-dynamic";
export const runtime = "nodejs";

// GET /api/posts/:id/metrics – the latest engagement figures of each channel the post went out on
export const GET = workspaceRoute({ params: postIdParams }, async ({ db, workspace, params }) => {
  const metrics = await getPostMetrics({ db, workspaceId: workspace.workspaceId, postId: params.id });
  return postMetricsResponseSchema.parse(metrics);
});
