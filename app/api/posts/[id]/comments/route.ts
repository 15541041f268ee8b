import { Reply, workspaceRoute } from "@/lib/api/route";
import { addPostComment } from "@/lib/approvals/add-post-comment";
import { listPostComments } from "@/lib/approvals/list-post-comments";
import { createCommentBody } from "@/lib/schemas/approvals";
import { postIdParams } from "@/lib/schemas/posts";

export const dynamic = "force-dynamic";
export const runtime = "nodejs";

// GET /api/posts/:id/comments – the post's comment thread (remarks and review steps), oldest first
export const GET = workspaceRoute({ params: postIdParams }, async ({ db, workspace, params }) => {
  return listPostComments({ db, workspaceId: workspace.workspaceId, postId: params.id });
});

// POST /api/posts/:id/comments – add a remark to the thread
export const POST = workspaceRoute(
  { params: postIdParams, body: createCommentBody },
  async ({ db, workspace, params, body }) => {
    return new Reply(
      201,
      await addPostComment({
        db,
        workspaceId: workspace.workspaceId,
        postId: params.id,
        authorUserId: workspace.userId,
        body: body.body,
      }),
    );
  },
);
