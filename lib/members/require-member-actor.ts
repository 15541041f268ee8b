import type { WorkspaceContext } from "@/lib/api/auth";
import { ApiError } from "@/lib/api/errors";
import type { MembershipRole } from "@/lib/generated/prisma/enums";

/** The signed-in member behind a request ({ userId, role }); 403 for an API token (team changes need a person). */
export function requireMemberActor(workspace: WorkspaceContext): { userId: string; role: MembershipRole } {
  if (!workspace.userId || !workspace.role)
    throw new ApiError("forbidden", "Team changes need a signed-in member, not an API token");
  return { userId: workspace.userId, role: workspace.role };
}
