import { workspaceRoute } from "@/lib/api/route";
import { reviewSubmissionFor } from "@/lib/approvals/review-submission-for";
import { reorderQueue } from "@/lib/posting-slots/reorder-queue";
import { getPublishQueue } from "@/lib/queue/publish-queue";
import { reorderQueueBody } from "@/lib/schemas/posting-schedule";

export const dynamic = "force-dynamic";
export const runtime = "nodejs";

// POST /api/queue/reorder – give the posts' current times, earliest first, to the posts in the order sent
export const POST = workspaceRoute({ body: reorderQueueBody }, async ({ db, workspace, body }) => {
  return reorderQueue({
    db,
    queue: getPublishQueue(),
    workspaceId: workspace.workspaceId,
    input: body,
    review: await reviewSubmissionFor({ db, workspace }),
  });
});
