import { Reply, workspaceRoute } from "@/lib/api/route";
import { reviewSubmissionFor } from "@/lib/approvals/review-submission-for";
import { requirePermission } from "@/lib/auth/permissions";
import { bulkActOnPosts } from "@/lib/posts/bulk-act-on-posts";
import { getPublishQueue } from "@/lib/queue/publish-queue";
import { bulkPostsBody } from "@/lib/schemas/bulk-posts";

export const dynamic = "force-dynamic";
export const runtime = "nodejs";

const SCHEDULING = new Set(["move_to_draft", "reschedule", "schedule"]);

// POST /api/posts/bulk – one action (delete, move_to_draft, add_tag, remove_tag, reschedule, schedule) on many posts,
// all or nothing; answers { action, postIds, undo } where undo is the body that reverses it
export const POST = workspaceRoute({ body: bulkPostsBody }, async ({ db, workspace, body }) => {
  if (SCHEDULING.has(body.action)) requirePermission(workspace, "posts:schedule");
  const review = SCHEDULING.has(body.action) ? await reviewSubmissionFor({ db, workspace }) : null;
  const queue = getPublishQueue();
  return new Reply(200, await bulkActOnPosts({ db, queue, workspaceId: workspace.workspaceId, input: body, review }));
});
