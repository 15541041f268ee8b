import { escapeHtml } from "@/lib/mail/escape-html";
import type { MailMessage } from "@/lib/mail/send-mail";

/** The "reset your password" mail with its one-hour, single-use link. */
export function buildPasswordResetEmail({ to, link }: { to: string; link: string }): MailMessage {
  const subject = "Reset your Cadence password";
  const text = [
    "Someone (hopefully you) asked to reset the password of your Cadence account.",
    "",
    `Set a new password: ${link}`,
    "",
    "The link works once and expires in 1 hour. Setting a new password signs you out everywhere.",
    "If you did not ask for this, ignore this mail: your password stays as it is.",
  ].join("\n");
  const html = [
    "<p>Someone (hopefully you) asked to reset the password of your Cadence account.</p>",
    `<p><a href="${escapeHtml(link)}">Set a new password</a></p>`,
    "<p>The link works once and expires in 1 hour. Setting a new password signs you out everywhere.</p>",
    "<p>If you did not ask for this, ignore this mail: your password stays as it is.</p>",
  ].join("\n");
  return { to, subject, text, html };
}
