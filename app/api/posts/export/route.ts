import { workspaceRoute } from "@/lib/api/route";
import { exportPosts } from "@/lib/imports/export-posts";
import { exportPostsQuery } from "@/lib/schemas/imports";

export const dynamic = "force-dynamic";
export const runtime = "nodejs";

// GET /api/posts/export?format=csv|json&from&to&status&tag&channel – the filtered posts as a CSV or JSON download
export const GET = workspaceRoute({ query: exportPostsQuery }, async ({ db, workspace, query }) => {
  const file = await exportPosts({ db, workspaceId: workspace.workspaceId, query });
  return new Response(file.body, {
    headers: {
      "content-type": file.contentType,
      "content-disposition": `attachment; filename="${file.filename}"`,
      "cache-control": "no-store",
    },
  });
});
