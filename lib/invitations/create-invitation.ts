import type { Redis } from "ioredis";
import { ApiError } from "@/lib/api/errors";
import { recordAuditEvent } from "@/lib/audit/record-audit-event";
import { generateOneTimeToken } from "@/lib/auth/one-time-token";
import { normalizeEmail } from "@/lib/auth/password";
import type { Db } from "@/lib/db/prisma";
import type { MembershipRole } from "@/lib/generated/prisma/enums";
import {
  INVITATION_TTL_MS,
  type InvitationView,
  invitationSelect,
  toInvitationView,
} from "@/lib/invitations/invitation-view";
import { reserveInvitationSend } from "@/lib/invitations/reserve-invitation-send";
import { type InvitationDelivery, sendInvitationEmail } from "@/lib/invitations/send-invitation-email";

/**
 * Invites `email` to the workspace with `role` (not OWNER: ownership is transferred, never invited): stores the
 * invitation with the SHA-256 of a fresh 32-byte token, expiring in 7 days, records "member.invited", and mails
 * `<baseUrl>/invite/<token>` (without SMTP, `delivery.link` carries it for the inviter to copy).
 * @throws ApiError conflict (409) when the email is already a member or has a pending invitation (resend that one);
 *   rate_limited (429) past INVITATIONS_PER_HOUR for this inviter in this workspace. Nothing is written then.
 */
export async function createInvitation({
  db,
  redis,
  workspaceId,
  inviterUserId,
  email,
  role,
  baseUrl,
  now = new Date(),
}: {
  db: Db;
  redis: Redis;
  workspaceId: string;
  inviterUserId: string;
  email: string;
  role: Exclude<MembershipRole, "OWNER">;
  baseUrl: string;
  now?: Date;
}): Promise<{ invitation: InvitationView; delivery: InvitationDelivery }> {
  const normalized = normalizeEmail(email);
  // Checked before the rate limit is counted (a refused invitation costs nothing), and again inside the transaction
  // under a lock on (workspace, email), so two invitations sent at once cannot both pass.
  await assertInvitable(db, workspaceId, normalized, now);
  await reserveInvitationSend(redis, workspaceId, inviterUserId);

  const { token, hash } = generateOneTimeToken();
  const expiresAt = new Date(now.getTime() + INVITATION_TTL_MS);
  const row = await db.$transaction(async (tx) => {
    await tx.$executeRaw`SELECT pg_advisory_xact_lock(hashtextextended(${`invitation:${workspaceId}:${normalized}`}, 0))`;
    await assertInvitable(tx, workspaceId, normalized, now);
    const created = await tx.invitation.create({
      data: { workspaceId, email: normalized, role, invitedByUserId: inviterUserId, tokenHash: hash, expiresAt },
      select: invitationSelect,
    });
    await recordAuditEvent({
      db: tx,
      workspaceId,
      actorUserId: inviterUserId,
      action: "member.invited",
      target: `invitation:${created.id}`,
      details: { email: normalized, role },
    });
    return created;
  });
  const delivery = await sendInvitationEmail({
    db,
    workspaceId,
    inviterUserId,
    email: normalized,
    role,
    link: `${baseUrl}/invite/${token}`,
    expiresAt,
  });
  return { invitation: toInvitationView(row, now), delivery };
}

/** 409 when `email` is already a member of the workspace or has a pending (unexpired) invitation to it. */
async function assertInvitable(
  db: Pick<Db, "membership" | "invitation">,
  workspaceId: string,
  email: string,
  now: Date,
): Promise<void> {
  const member = await db.membership.findFirst({ where: { workspaceId, user: { email } }, select: { id: true } });
  if (member) throw new ApiError("conflict", `${email} is already a member of this workspace`);
  const pending = await db.invitation.findFirst({
    where: { workspaceId, email, acceptedAt: null, revokedAt: null, expiresAt: { gt: now } },
    select: { id: true },
  });
  if (pending)
    throw new ApiError(
      "conflict",
      `${email} already has a pending invitation: resend it (POST /api/workspace/invitations/${pending.id}/resend) or revoke it`,
      { invitationId: pending.id },
    );
}
