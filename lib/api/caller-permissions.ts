import type { WorkspaceContext } from "@/lib/api/auth";
import type { Db } from "@/lib/db/prisma";
import type { MembershipRole } from "@/lib/generated/prisma/enums";

/**
 * What requirePermission (lib/auth/permissions.ts) needs to know of the caller: a signed-in member's role (null when
 * no longer a member), or for an API token its scope. Tokens have no scope column yet: every token is "write".
 * Once workspaceRoute puts `role` and `tokenScope` on the context itself (issue 12, roles), this goes.
 */
export async function callerPermissions(
  db: Db,
  workspace: WorkspaceContext,
): Promise<{ role: MembershipRole | null; tokenScope: "read" | "write" | null }> {
  if (!workspace.userId) return { role: null, tokenScope: "write" };
  const member = await db.membership.findUnique({
    where: { userId_workspaceId: { userId: workspace.userId, workspaceId: workspace.workspaceId } },
    select: { role: true },
  });
  return { role: member?.role ?? null, tokenScope: null };
}
