import type { WorkspaceContext } from "@/lib/api/auth";
import { callerCan } from "@/lib/auth/permissions";
import type { Db } from "@/lib/db/prisma";

/** Given to the scheduling services when the post must go IN_REVIEW instead of SCHEDULED: who submits it. */
export type ReviewSubmission = { actorUserId: string | null };

/**
 * Whether what this caller schedules needs approval first: the workspace requires approvals
 * (Workspace.approvalsRequired) and the caller lacks posts:approve (an Editor; Owners, Admins, Approvers and write
 * tokens have it and schedule directly). Returns the submission to pass to schedulePost, createPost, updatePost or
 * rotateEvergreen, or null when they schedule as usual. An unknown workspace is null (the service answers 404).
 */
export async function reviewSubmissionFor({
  db,
  workspace,
}: {
  db: Pick<Db, "workspace">;
  workspace: Pick<WorkspaceContext, "workspaceId" | "userId" | "role" | "tokenScope">;
}): Promise<ReviewSubmission | null> {
  if (callerCan(workspace, "posts:approve")) return null;
  const row = await db.workspace.findUnique({
    where: { id: workspace.workspaceId },
    select: { approvalsRequired: true },
  });
  return row?.approvalsRequired ? { actorUserId: workspace.userId } : null;
}
