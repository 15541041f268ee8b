import { workspaceRoute } from "@/lib/api/route";
import { undoEvergreenRotation } from "@/lib/evergreen/undo-evergreen-rotation";
import { getPublishQueue } from "@/lib/queue/publish-queue";
import { undoRotationBody, undoRotationResponseSchema } from "@/lib/schemas/evergreen";

export const dynamic = "force-dynamic";
export const runtime = "nodejs";

// POST /api/scheduling/evergreen/rotate/undo – put the posts a rotation scheduled back as they were, all or nothing
export const POST = workspaceRoute({ body: undoRotationBody }, async ({ db, workspace, body }) => {
  const result = await undoEvergreenRotation({
    db,
    queue: getPublishQueue(),
    workspaceId: workspace.workspaceId,
    posts: body.posts,
  });
  return undoRotationResponseSchema.parse(result);
});
