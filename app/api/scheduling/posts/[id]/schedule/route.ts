import { workspaceRoute } from "@/lib/api/route";
import { reviewSubmissionFor } from "@/lib/approvals/review-submission-for";
import { getPublishQueue } from "@/lib/queue/publish-queue";
import { schedulePost } from "@/lib/scheduling/schedule-post";
import { unschedulePost } from "@/lib/scheduling/unschedule-post";
import { postIdParams } from "@/lib/schemas/posts";
import { scheduleBody } from "@/lib/schemas/scheduling";

export const dynamic = "force-dynamic";
export const runtime = "nodejs";

// POST /api/scheduling/posts/:id/schedule – schedule (or reschedule) a post; IN_REVIEW instead when it needs approval
export const POST = workspaceRoute(
  { params: postIdParams, body: scheduleBody },
  async ({ db, workspace, params, body }) => {
    return schedulePost({
      db,
      queue: getPublishQueue(),
      workspaceId: workspace.workspaceId,
      postId: params.id,
      scheduledAt: body.scheduledAt,
      timezone: body.timezone,
      review: await reviewSubmissionFor({ db, workspace }),
    });
  },
);

// DELETE /api/scheduling/posts/:id/schedule – unschedule a post (or withdraw it from review) back to draft
export const DELETE = workspaceRoute({ params: postIdParams }, async ({ db, workspace, params }) => {
  return unschedulePost({ db, queue: getPublishQueue(), workspaceId: workspace.workspaceId, postId: params.id });
});
