import { workspaceRoute } from "@/lib/api/route";
import { reviewPost } from "@/lib/approvals/review-post";
import { getPublishQueue } from "@/lib/queue/publish-queue";
import { reviewPostBody } from "@/lib/schemas/approvals";
import { postIdParams } from "@/lib/schemas/posts";

export const dynamic = "force-dynamic";
export const runtime = "nodejs";

// POST /api/posts/:id/review – approve a post in review (it is scheduled) or request changes (it returns to draft)
export const POST = workspaceRoute(
  { params: postIdParams, body: reviewPostBody },
  async ({ db, workspace, params, body }) => {
    return reviewPost({
      db,
      queue: getPublishQueue(),
      workspaceId: workspace.workspaceId,
      postId: params.id,
      reviewerUserId: workspace.userId,
      input: body,
    });
  },
);
