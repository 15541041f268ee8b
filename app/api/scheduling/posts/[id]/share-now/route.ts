import { workspaceRoute } from "@/lib/api/route";
import { reviewSubmissionFor } from "@/lib/approvals/review-submission-for";
import { getPublishQueue } from "@/lib/queue/publish-queue";
import { sharePostNow } from "@/lib/scheduling/share-post-now";
import { postIdParams } from "@/lib/schemas/posts";

export const dynamic = "force-dynamic";
export const runtime = "nodejs";

// POST /api/scheduling/posts/:id/share-now – publish the post now (a job without delay); 403 when it needs approval
export const POST = workspaceRoute({ params: postIdParams }, async ({ db, workspace, params }) => {
  return sharePostNow({
    db,
    queue: getPublishQueue(),
    workspaceId: workspace.workspaceId,
    postId: params.id,
    review: await reviewSubmissionFor({ db, workspace }),
  });
});
