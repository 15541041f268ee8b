import { ApiError } from "@/lib/api/errors";
import { recordAuditEvent } from "@/lib/audit/record-audit-event";
import { ROLE_LABELS } from "@/lib/auth/permissions";
import type { Db } from "@/lib/db/prisma";
import type { MembershipRole } from "@/lib/generated/prisma/enums";
import { getMembershipOrThrow } from "@/lib/members/get-membership-or-throw";

/**
 * Gives `userId` the role `role` in the workspace, as `actor` (who holds members:manage). Only an Owner makes or
 * unmakes Owners (an Admin gets 403); the last Owner cannot be demoted (409: transfer ownership instead). Unknown
 * member 404. Compare-and-set on the old role (409 when it changed meanwhile) and the audit event
 * "member.role_changed" `{ from, to }` in one transaction. The new role applies from the member's next request
 * (every request reads the role afresh). Returns the member's `{ userId, role }`.
 */
export async function changeMemberRole({
  db,
  workspaceId,
  actor,
  userId,
  role,
}: {
  db: Db;
  workspaceId: string;
  actor: { userId: string; role: MembershipRole };
  userId: string;
  role: MembershipRole;
}): Promise<{ userId: string; role: MembershipRole }> {
  return db.$transaction(async (tx) => {
    const member = await getMembershipOrThrow({ db: tx, workspaceId, userId });
    if (member.role === role) return { userId, role };
    if ((member.role === "OWNER" || role === "OWNER") && actor.role !== "OWNER")
      throw new ApiError(
        "forbidden",
        `your role (${ROLE_LABELS[actor.role]}) cannot ownership:transfer: only an Owner makes or unmakes Owners`,
        { missingPermission: "ownership:transfer" },
      );
    if (member.role === "OWNER") {
      const owners = await tx.membership.count({ where: { workspaceId, role: "OWNER" } });
      if (owners <= 1)
        throw new ApiError("conflict", "The last Owner cannot be demoted: transfer ownership to another member first");
    }
    const { count } = await tx.membership.updateMany({
      where: { id: member.id, role: member.role },
      data: { role },
    });
    if (count !== 1) throw new ApiError("conflict", "The member's role changed meanwhile: reload and try again");
    await recordAuditEvent({
      db: tx,
      workspaceId,
      actorUserId: actor.userId,
      action: "member.role_changed",
      target: `user:${userId}`,
      details: { from: member.role, to: role },
    });
    return { userId, role };
  });
}
