import { escapeHtml } from "@/lib/mail/escape-html";
import type { MailMessage } from "@/lib/mail/send-mail";

/** The invitation mail: who invites, to which workspace, with which role, the link and when it expires. */
export function buildInvitationEmail({
  to,
  inviterName,
  workspaceName,
  roleLabel,
  link,
  expiresAt,
}: {
  to: string;
  inviterName: string;
  workspaceName: string;
  roleLabel: string;
  link: string;
  expiresAt: Date;
}): MailMessage {
  const expires = expiresAt.toUTCString();
  const subject = `${inviterName} invited you to ${workspaceName} on Cadence`;
  const text = [
    `${inviterName} invited you to join the workspace "${workspaceName}" on Cadence as ${roleLabel}.`,
    "",
    `Accept the invitation: ${link}`,
    "",
    `The link works once and expires ${expires}. If you did not expect this, ignore this mail.`,
  ].join("\n");
  const html = [
    `<p>${escapeHtml(inviterName)} invited you to join the workspace <strong>${escapeHtml(workspaceName)}</strong> on Cadence as ${escapeHtml(roleLabel)}.</p>`,
    `<p><a href="${escapeHtml(link)}">Accept the invitation</a></p>`,
    `<p>The link works once and expires ${escapeHtml(expires)}. If you did not expect this, ignore this mail.</p>`,
  ].join("\n");
  return { to, subject, text, html };
}
