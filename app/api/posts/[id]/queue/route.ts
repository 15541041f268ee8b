import { workspaceRoute } from "@/lib/api/route";
import { reviewSubmissionFor } from "@/lib/approvals/review-submission-for";
import { queuePost } from "@/lib/posting-slots/queue-post";
import { getPublishQueue } from "@/lib/queue/publish-queue";
import { postIdParams } from "@/lib/schemas/posts";

export const dynamic = "force-dynamic";
export const runtime = "nodejs";

// POST /api/posts/:id/queue – Add to queue: schedule the post at the next free posting slot of its channels
export const POST = workspaceRoute({ params: postIdParams }, async ({ db, workspace, params }) => {
  return queuePost({
    db,
    queue: getPublishQueue(),
    workspaceId: workspace.workspaceId,
    postId: params.id,
    review: await reviewSubmissionFor({ db, workspace }),
  });
});
