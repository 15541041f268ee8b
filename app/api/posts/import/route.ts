import { Reply, workspaceRoute } from "@/lib/api/route";
import { reviewSubmissionFor } from "@/lib/approvals/review-submission-for";
import { importPosts } from "@/lib/imports/import-posts";
import { getPublishQueue } from "@/lib/queue/publish-queue";
import { importPostsBody } from "@/lib/schemas/imports";

export const dynamic = "force-dynamic";
export const runtime = "nodejs";

// POST /api/posts/import – import an import CSV all or nothing: every post scheduled (or IN_REVIEW when the
// workspace requires approval and the caller cannot approve), or 422 naming every row's problems and nothing written
export const POST = workspaceRoute({ body: importPostsBody }, async ({ db, workspace, body }) => {
  const review = await reviewSubmissionFor({ db, workspace });
  return new Reply(
    201,
    await importPosts({
      db,
      queue: review ? null : getPublishQueue(),
      workspaceId: workspace.workspaceId,
      csv: body.csv,
      createdByUserId: workspace.userId,
      review,
    }),
  );
});
