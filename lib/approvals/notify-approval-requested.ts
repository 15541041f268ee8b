import { postTitleExcerpt } from "@/lib/approvals/post-title-excerpt";
import type { Db } from "@/lib/db/prisma";
import { logger } from "@/lib/log";
import { notify } from "@/lib/notifications/notify";

const log = logger("approvals");

/**
 * Tells whoever may approve (recipients: posts:approve) that a post was submitted for approval: kind
 * "approval.requested", title "Approval requested: “…”". Call after the submission is committed. Never throws: the
 * submission stands even if telling people about it fails (logged).
 */
export async function notifyApprovalRequested({
  db,
  workspaceId,
  post,
  actorUserId,
}: {
  db: Db;
  workspaceId: string;
  post: { id: string; content: string };
  actorUserId: string | null;
}): Promise<void> {
  try {
    await notify({
      db,
      event: {
        kind: "approval.requested",
        workspaceId,
        postId: post.id,
        title: `Approval requested: ${postTitleExcerpt(post.content)}`,
        actorUserId,
        recipients: { permission: "posts:approve" },
      },
    });
  } catch (err) {
    log.error({ err, workspaceId, postId: post.id }, "could not notify approvers");
  }
}
