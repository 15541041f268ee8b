import { workspaceRoute } from "@/lib/api/route";
import { reviewSubmissionFor } from "@/lib/approvals/review-submission-for";
import { retryPublication } from "@/lib/publishing/retry-publication";
import { getPublishQueue } from "@/lib/queue/publish-queue";
import { retryBodySchema } from "@/lib/schemas/attention";
import { postIdParams } from "@/lib/schemas/posts";

export const dynamic = "force-dynamic";
export const runtime = "nodejs";

// POST /api/posts/:id/retry – republish only the failed channels of the post's latest publication
export const POST = workspaceRoute(
  { params: postIdParams, body: retryBodySchema },
  async ({ db, workspace, params, body }) => {
    return retryPublication({
      db,
      queue: getPublishQueue(),
      workspaceId: workspace.workspaceId,
      postId: params.id,
      channelIds: body?.channelIds,
      publishAgainAnyway: body?.publishAgainAnyway,
      review: await reviewSubmissionFor({ db, workspace }),
    });
  },
);
