import { Reply, workspaceRoute } from "@/lib/api/route";
import { createPost } from "@/lib/posts/create-post";
import { listPosts } from "@/lib/posts/list-posts";
import { getPublishQueue } from "@/lib/queue/publish-queue";
import { createPostBody, listPostsQuery } from "@/lib/schemas/posts";

export const dynamic = "force-dynamic";
export const runtime = "nodejs";

// POST /api/posts – create a draft (stored whatever it holds), or with scheduledAt create and schedule it at once
export const POST = workspaceRoute({ body: createPostBody }, async ({ db, workspace, body }) => {
  return new Reply(
    201,
    await createPost({ db, getQueue: getPublishQueue, workspaceId: workspace.workspaceId, input: body }),
  );
});

// GET /api/posts?from&to&status&tag&channel&limit – posts for the calendar
export const GET = workspaceRoute({ query: listPostsQuery }, async ({ db, workspace, query }) => {
  return listPosts({ db, workspaceId: workspace.workspaceId, query });
});
