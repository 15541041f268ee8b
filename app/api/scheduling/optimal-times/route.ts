import { workspaceRoute } from "@/lib/api/route";
import { getOptimalTimes } from "@/lib/optimal-times/optimal-times";
import { optimalTimesQuery, optimalTimesResponseSchema } from "@/lib/schemas/optimal-times";

export const dynamic = "force-dynamic";
export const runtime = "nodejs";

// GET /api/scheduling/optimal-times – best day-of-week × hour slots for a platform, from the workspace's metrics
export const GET = workspaceRoute({ query: optimalTimesQuery }, async ({ db, workspace, query }) => {
  const timezone = query.timezone ?? workspace.timezone;
  const result = await getOptimalTimes({ db, workspaceId: workspace.workspaceId, ...query, timezone });
  return optimalTimesResponseSchema.parse(result);
});
