import { workspaceRoute } from "@/lib/api/route";
import { reviewSubmissionFor } from "@/lib/approvals/review-submission-for";
import { deletePost } from "@/lib/posts/delete-post";
import { getPostOrThrow } from "@/lib/posts/get-post-or-throw";
import { updatePost } from "@/lib/posts/update-post";
import { getPublishQueue } from "@/lib/queue/publish-queue";
import { postIdParams, updatePostBody } from "@/lib/schemas/posts";

export const dynamic = "force-dynamic";
export const runtime = "nodejs";

// GET /api/posts/:id – one post with its channels and latest publication
export const GET = workspaceRoute({ params: postIdParams }, async ({ db, workspace, params }) => {
  return getPostOrThrow({ db, workspaceId: workspace.workspaceId, postId: params.id });
});

// PATCH /api/posts/:id – edit content, media, tags or channels (a scheduled post keeps its time; with approvals on,
// an Editor's edit of a scheduled post sends it back to review)
export const PATCH = workspaceRoute(
  { params: postIdParams, body: updatePostBody },
  async ({ db, workspace, params, body }) => {
    return updatePost({
      db,
      workspaceId: workspace.workspaceId,
      postId: params.id,
      input: body,
      review: await reviewSubmissionFor({ db, workspace }),
      queue: getPublishQueue(),
    });
  },
);

// DELETE /api/posts/:id – delete a post (kept as history when it has publications) and its queued job
export const DELETE = workspaceRoute({ params: postIdParams }, async ({ db, workspace, params }) => {
  await deletePost({ db, queue: getPublishQueue(), workspaceId: workspace.workspaceId, postId: params.id });
});
