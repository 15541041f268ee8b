import { workspaceRoute } from "@/lib/api/route";
import { listCalendarPosts } from "@/lib/posts/list-calendar-posts";
import { calendarQuery } from "@/lib/schemas/calendar";

export const dynamic = "force-dynamic";
export const runtime = "nodejs";

// GET /api/calendar?from&to – the posts of a calendar range (at most 62 days), in the calendar's shape
export const GET = workspaceRoute({ query: calendarQuery }, async ({ workspace, query }) => {
  return listCalendarPosts({ workspaceId: workspace.workspaceId, query });
});
