import { ApiError } from "@/lib/api/errors";
import { recordAuditEvent } from "@/lib/audit/record-audit-event";
import { ROLE_LABELS } from "@/lib/auth/permissions";
import type { Db } from "@/lib/db/prisma";
import type { MembershipRole } from "@/lib/generated/prisma/enums";
import { getMembershipOrThrow } from "@/lib/members/get-membership-or-throw";

/**
 * Removes `userId` from the workspace, as `actor` (members:manage). Only an Owner removes an Owner (403 for an
 * Admin); the last Owner cannot be removed (409). Unknown member 404.
 *
 * Their sessions whose active workspace is this one are deleted in the same transaction, so they are signed out
 * of it at once. Their sessions in other workspaces stay: they are still members there, and a session can only
 * reach its active workspace (switching checks membership), so none of those can reach this one. Writes
 * "member.removed" `{ role }`. Returns how many sessions ended.
 */
export async function removeMember({
  db,
  workspaceId,
  actor,
  userId,
}: {
  db: Db;
  workspaceId: string;
  actor: { userId: string; role: MembershipRole };
  userId: string;
}): Promise<{ userId: string; sessionsEnded: number }> {
  return db.$transaction(async (tx) => {
    const member = await getMembershipOrThrow({ db: tx, workspaceId, userId });
    if (member.role === "OWNER") {
      if (actor.role !== "OWNER")
        throw new ApiError(
          "forbidden",
          `your role (${ROLE_LABELS[actor.role]}) cannot ownership:transfer: only an Owner removes an Owner`,
          { missingPermission: "ownership:transfer" },
        );
      const owners = await tx.membership.count({ where: { workspaceId, role: "OWNER" } });
      if (owners <= 1)
        throw new ApiError("conflict", "The last Owner cannot be removed: transfer ownership to another member first");
    }
    const { count } = await tx.membership.deleteMany({ where: { id: member.id, role: member.role } });
    if (count !== 1) throw new ApiError("conflict", "The member changed meanwhile: reload and try again");
    const sessions = await tx.session.deleteMany({ where: { userId, workspaceId } });
    await recordAuditEvent({
      db: tx,
      workspaceId,
      actorUserId: actor.userId,
      action: "member.removed",
      target: `user:${userId}`,
      details: { role: member.role, sessionsEnded: sessions.count },
    });
    return { userId, sessionsEnded: sessions.count };
  });
}
