import { hashOneTimeToken } from "@/lib/auth/one-time-token";
import type { Db } from "@/lib/db/prisma";
import type { MembershipRole } from "@/lib/generated/prisma/enums";
import { type InvitationStatus, invitationStatus } from "@/lib/invitations/invitation-view";

export type InvitationLookup =
  | { status: "not_found" }
  | {
      status: InvitationStatus;
      email: string;
      role: MembershipRole;
      workspaceName: string;
      inviterName: string | null;
      expiresAt: Date;
      /** Someone already has an account with this email (they sign in to accept). */
      accountExists: boolean;
    };

/** What the invitation page shows for the token in its link; "not_found" also for a token replaced by a resend. */
export async function findInvitationByToken({
  db,
  token,
  now = new Date(),
}: {
  db: Db;
  token: string;
  now?: Date;
}): Promise<InvitationLookup> {
  const row = await db.invitation.findUnique({
    where: { tokenHash: hashOneTimeToken(token) },
    select: {
      email: true,
      role: true,
      expiresAt: true,
      acceptedAt: true,
      revokedAt: true,
      workspace: { select: { name: true } },
      invitedBy: { select: { name: true, email: true } },
    },
  });
  if (!row) return { status: "not_found" };
  const user = await db.user.findUnique({ where: { email: row.email }, select: { id: true } });
  return {
    status: invitationStatus(row, now),
    email: row.email,
    role: row.role,
    workspaceName: row.workspace.name,
    inviterName: row.invitedBy ? row.invitedBy.name || row.invitedBy.email : null,
    expiresAt: row.expiresAt,
    accountExists: user !== null,
  };
}
