import { workspaceRoute } from "@/lib/api/route";
import { reviewSubmissionFor } from "@/lib/approvals/review-submission-for";
import { rotateEvergreen } from "@/lib/evergreen/evergreen-rotation";
import { getPublishQueue } from "@/lib/queue/publish-queue";
import { rotateEvergreenBody, rotateEvergreenResponseSchema } from "@/lib/schemas/evergreen";

export const dynamic = "force-dynamic";
export const runtime = "nodejs";

// POST /api/scheduling/evergreen/rotate – schedule the top evergreen posts at suggested times, all or nothing
export const POST = workspaceRoute({ body: rotateEvergreenBody }, async ({ db, workspace, body }) => {
  const result = await rotateEvergreen({
    db,
    queue: getPublishQueue(),
    workspaceId: workspace.workspaceId,
    count: body.count,
    platform: body.platform,
    timezone: body.timezone,
    from: body.from ? new Date(body.from) : undefined,
    review: await reviewSubmissionFor({ db, workspace }),
  });
  return rotateEvergreenResponseSchema.parse(result);
});
