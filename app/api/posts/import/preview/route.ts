import { workspaceRoute } from "@/lib/api/route";
import { previewPostImport } from "@/lib/imports/preview-post-import";
import { importPostsBody } from "@/lib/schemas/imports";

export const dynamic = "force-dynamic";
export const runtime = "nodejs";

// POST /api/posts/import/preview – read an import CSV and name every row's problems; writes nothing
export const POST = workspaceRoute({ body: importPostsBody }, async ({ db, workspace, body }) => {
  const { planned: _, ...preview } = await previewPostImport({
    db,
    workspaceId: workspace.workspaceId,
    csv: body.csv,
    now: new Date(),
  });
  return preview;
});
