import { ROLE_LABELS } from "@/lib/auth/permissions";
import type { Db } from "@/lib/db/prisma";
import type { MembershipRole } from "@/lib/generated/prisma/enums";
import { buildInvitationEmail } from "@/lib/mail/build-invitation-email";
import { sendMail } from "@/lib/mail/send-mail";

export type InvitationDelivery =
  | { sent: true }
  /** Not mailed (no SMTP_URL, or the server refused): `link` is for the inviter to pass on. */
  | { sent: false; reason: "not_configured" | "failed"; link: string };

/** Mails the invitation link to `email`; when that cannot happen the link comes back for the inviter to copy. */
export async function sendInvitationEmail({
  db,
  workspaceId,
  inviterUserId,
  email,
  role,
  link,
  expiresAt,
}: {
  db: Db;
  workspaceId: string;
  inviterUserId: string;
  email: string;
  role: MembershipRole;
  link: string;
  expiresAt: Date;
}): Promise<InvitationDelivery> {
  const [workspace, inviter] = await Promise.all([
    db.workspace.findUniqueOrThrow({ where: { id: workspaceId }, select: { name: true } }),
    db.user.findUnique({ where: { id: inviterUserId }, select: { name: true, email: true } }),
  ]);
  const result = await sendMail(
    buildInvitationEmail({
      to: email,
      inviterName: inviter?.name || inviter?.email || "Someone",
      workspaceName: workspace.name,
      roleLabel: ROLE_LABELS[role],
      link,
      expiresAt,
    }),
  );
  return result.sent ? { sent: true } : { sent: false, reason: result.reason, link };
}
