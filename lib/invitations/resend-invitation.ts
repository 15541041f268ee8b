import type { Redis } from "ioredis";
import { ApiError } from "@/lib/api/errors";
import { recordAuditEvent } from "@/lib/audit/record-audit-event";
import { generateOneTimeToken } from "@/lib/auth/one-time-token";
import type { Db } from "@/lib/db/prisma";
import {
  INVITATION_TTL_MS,
  type InvitationView,
  invitationSelect,
  toInvitationView,
} from "@/lib/invitations/invitation-view";
import { reserveInvitationSend } from "@/lib/invitations/reserve-invitation-send";
import { type InvitationDelivery, sendInvitationEmail } from "@/lib/invitations/send-invitation-email";

/**
 * Sends an invitation again with a new token and a new 7-day expiry (an expired one too); the old link stops working
 * at once (its hash is replaced, compare-and-set on "not accepted, not revoked"). Records "member.invitation_resent".
 * @throws ApiError not_found (404, also another workspace's invitation); conflict (409) when it was accepted or revoked;
 *   rate_limited (429) past INVITATIONS_PER_HOUR.
 */
export async function resendInvitation({
  db,
  redis,
  workspaceId,
  invitationId,
  actorUserId,
  baseUrl,
  now = new Date(),
}: {
  db: Db;
  redis: Redis;
  workspaceId: string;
  invitationId: string;
  actorUserId: string;
  baseUrl: string;
  now?: Date;
}): Promise<{ invitation: InvitationView; delivery: InvitationDelivery }> {
  const current = await db.invitation.findFirst({
    where: { id: invitationId, workspaceId },
    select: { acceptedAt: true, revokedAt: true },
  });
  if (!current) throw new ApiError("not_found", `Invitation ${invitationId} not found`);
  if (current.acceptedAt) throw new ApiError("conflict", "This invitation was already accepted");
  if (current.revokedAt) throw new ApiError("conflict", "This invitation was revoked: invite the person again");
  await reserveInvitationSend(redis, workspaceId, actorUserId);

  const { token, hash } = generateOneTimeToken();
  const expiresAt = new Date(now.getTime() + INVITATION_TTL_MS);
  const row = await db.$transaction(async (tx) => {
    const changed = await tx.invitation.updateMany({
      where: { id: invitationId, workspaceId, acceptedAt: null, revokedAt: null },
      data: { tokenHash: hash, expiresAt },
    });
    if (changed.count === 0) throw new ApiError("conflict", "This invitation was accepted or revoked meanwhile");
    await recordAuditEvent({
      db: tx,
      workspaceId,
      actorUserId,
      action: "member.invitation_resent",
      target: `invitation:${invitationId}`,
    });
    return tx.invitation.findUniqueOrThrow({ where: { id: invitationId }, select: invitationSelect });
  });
  const delivery = await sendInvitationEmail({
    db,
    workspaceId,
    inviterUserId: actorUserId,
    email: row.email,
    role: row.role,
    link: `${baseUrl}/invite/${token}`,
    expiresAt,
  });
  return { invitation: toInvitationView(row, now), delivery };
}
