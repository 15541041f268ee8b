import { Reply, workspaceRoute } from "@/lib/api/route";
import { createPost } from "@/lib/posts/create-post";
import { listPosts } from "@/lib/posts/list-posts";
import { createPostBody, listPostsQuery } from "@/lib/schemas/posts";

export const dynamic = "force-dynamic";
export const runtime = "nodejs";

// POST /api/posts – create a draft post on the workspace's channels
export const POST = workspaceRoute({ body: createPostBody }, async ({ db, workspace, body }) => {
  return new Reply(201, await createPost({ db, workspaceId: workspace.workspaceId, input: body }));
});

// GET /api/posts?from&to&status&tag&channel&limit – posts for the calendar
export const GET = workspaceRoute({ query: listPostsQuery }, async ({ db, workspace, query }) => {
  return listPosts({ db, workspaceId: workspace.workspaceId, query });
});
