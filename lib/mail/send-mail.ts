import { getEnv } from "@/lib/env";
import { logger } from "@/lib/log";
import { getMailTransport } from "@/lib/mail/get-mail-transport";

const log = logger("mail");

export type MailMessage = { to: string; subject: string; text: string; html: string };

/**
 * Sends one message from MAIL_FROM over SMTP_URL. Returns `{ sent: false, reason: "not_configured" }` without SMTP
 * (nothing is sent: the caller shows the link instead), `{ sent: false, reason: "failed", error }` when the server
 * refused it or could not be reached (logged; the caller decides what the person is told), `{ sent: true }` once the
 * server accepted it. Never throws.
 */
export async function sendMail(
  message: MailMessage,
): Promise<
  { sent: true } | { sent: false; reason: "not_configured" } | { sent: false; reason: "failed"; error: string }
> {
  const transport = getMailTransport();
  if (!transport) return { sent: false, reason: "not_configured" };
  try {
    await transport.sendMail({ from: getEnv().MAIL_FROM, ...message });
    return { sent: true };
  } catch (err) {
    log.error({ err, subject: message.subject }, "sending mail failed");
    return { sent: false, reason: "failed", error: err instanceof Error ? err.message : String(err) };
  }
}
