import { Reply, workspaceRoute } from "@/lib/api/route";
import { reviewSubmissionFor } from "@/lib/approvals/review-submission-for";
import { createQueuedPost } from "@/lib/posting-slots/create-queued-post";
import { createPost } from "@/lib/posts/create-post";
import { listPosts } from "@/lib/posts/list-posts";
import { getPublishQueue } from "@/lib/queue/publish-queue";
import { createPostBody, listPostsQuery } from "@/lib/schemas/posts";

export const dynamic = "force-dynamic";
export const runtime = "nodejs";

// POST /api/posts – create a draft (stored whatever it holds), or with scheduledAt (or queue: true, the next free
// posting slot) create and schedule it at once
// (or submit it for approval: IN_REVIEW, when the workspace requires it and the caller cannot approve)
export const POST = workspaceRoute({ body: createPostBody }, async ({ db, workspace, body }) => {
  const review = body.scheduledAt !== undefined || body.queue ? await reviewSubmissionFor({ db, workspace }) : null;
  if (body.queue) {
    return new Reply(
      201,
      await createQueuedPost({
        db,
        getQueue: getPublishQueue,
        workspaceId: workspace.workspaceId,
        input: body,
        createdByUserId: workspace.userId,
        review,
      }),
    );
  }
  return new Reply(
    201,
    await createPost({
      db,
      getQueue: getPublishQueue,
      workspaceId: workspace.workspaceId,
      input: body,
      createdByUserId: workspace.userId,
      review,
    }),
  );
});

// GET /api/posts?from&to&status&tag&channel&q&author&outcome&limit – posts for the calendar, or a search
export const GET = workspaceRoute({ query: listPostsQuery }, async ({ db, workspace, query }) => {
  return listPosts({ db, workspaceId: workspace.workspaceId, query });
});
