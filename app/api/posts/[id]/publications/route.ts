import { workspaceRoute } from "@/lib/api/route";
import { listPostPublications } from "@/lib/posts/list-post-publications";
import { postIdParams } from "@/lib/schemas/posts";

export const dynamic = "force-dynamic";
export const runtime = "nodejs";

// GET /api/posts/:id/publications – every publication of a post with its per-channel results (deleted posts too)
export const GET = workspaceRoute({ params: postIdParams }, async ({ db, workspace, params }) => {
  return listPostPublications({ db, workspaceId: workspace.workspaceId, postId: params.id });
});
