import { workspaceRoute } from "@/lib/api/route";
import { suggestOpenTimes } from "@/lib/optimal-times/suggest-open-times";
import { suggestedTimesQuery, suggestedTimesResponseSchema } from "@/lib/schemas/suggested-times";

export const dynamic = "force-dynamic";
export const runtime = "nodejs";

// GET /api/scheduling/suggested-times – the next best instants to post on a platform, clear of scheduled posts
export const GET = workspaceRoute({ query: suggestedTimesQuery }, async ({ db, workspace, query }) => {
  const result = await suggestOpenTimes({
    db,
    workspaceId: workspace.workspaceId,
    platform: query.platform,
    timezone: query.timezone ?? workspace.timezone,
    count: query.count,
    from: query.from ? new Date(query.from) : undefined,
  });
  return suggestedTimesResponseSchema.parse(result);
});
