import { ApiError } from "@/lib/api/errors";
import { recordAuditEvent } from "@/lib/audit/record-audit-event";
import type { Db } from "@/lib/db/prisma";
import { type InvitationView, invitationSelect, toInvitationView } from "@/lib/invitations/invitation-view";

/**
 * Revokes a pending (or expired) invitation: its link stops working. Revoking a revoked one changes nothing and
 * answers it as it is. Records "member.invitation_revoked".
 * @throws ApiError not_found (404, also another workspace's invitation); conflict (409) when it was already accepted
 *   (remove the member instead).
 */
export async function revokeInvitation({
  db,
  workspaceId,
  invitationId,
  actorUserId,
  now = new Date(),
}: {
  db: Db;
  workspaceId: string;
  invitationId: string;
  actorUserId: string | null;
  now?: Date;
}): Promise<InvitationView> {
  return db.$transaction(async (tx) => {
    const changed = await tx.invitation.updateMany({
      where: { id: invitationId, workspaceId, acceptedAt: null, revokedAt: null },
      data: { revokedAt: now },
    });
    const row = await tx.invitation.findFirst({ where: { id: invitationId, workspaceId }, select: invitationSelect });
    if (!row) throw new ApiError("not_found", `Invitation ${invitationId} not found`);
    if (changed.count === 0 && row.acceptedAt)
      throw new ApiError("conflict", "This invitation was already accepted: remove the member instead");
    if (changed.count > 0)
      await recordAuditEvent({
        db: tx,
        workspaceId,
        actorUserId,
        action: "member.invitation_revoked",
        target: `invitation:${invitationId}`,
        details: { email: row.email, role: row.role },
      });
    return toInvitationView(row, now);
  });
}
