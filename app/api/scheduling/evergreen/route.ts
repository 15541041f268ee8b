import { workspaceRoute } from "@/lib/api/route";
import { getEnv } from "@/lib/env";
import { listEvergreenLibrary } from "@/lib/evergreen/list-evergreen-library";
import { evergreenLibraryResponseSchema, listEvergreenQuery } from "@/lib/schemas/evergreen";

export const dynamic = "force-dynamic";
export const runtime = "nodejs";

// GET /api/scheduling/evergreen – the evergreen library in rotation order, with priority and next time
export const GET = workspaceRoute({ query: listEvergreenQuery }, async ({ db, workspace, query }) => {
  const library = await listEvergreenLibrary({
    db,
    workspaceId: workspace.workspaceId,
    platform: query.platform,
    timezone: query.timezone,
    minIntervalDays: getEnv().EVERGREEN_MIN_INTERVAL_DAYS,
  });
  return evergreenLibraryResponseSchema.parse(library);
});
