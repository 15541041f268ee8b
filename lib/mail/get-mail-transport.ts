import nodemailer, { type Transporter } from "nodemailer";
import { getEnv } from "@/lib/env";

let cached: { url: string; transport: Transporter } | undefined;

/**
 * The SMTP transport for SMTP_URL (nodemailer's URL form: smtp://user:pass@host:587 upgrades with STARTTLS when the
 * server offers it, smtps://…:465 is TLS from the start; https://nodemailer.com/smtp/), made once per process; null
 * when SMTP_URL is unset (mail is then skipped and callers show the link instead). Connection, greeting and socket
 * timeouts are 10 s, so a dead server fails a request instead of holding it.
 */
export function getMailTransport(): Transporter | null {
  const url = getEnv().SMTP_URL;
  if (!url) return null;
  if (cached?.url !== url) {
    const transport = nodemailer.createTransport({
      url,
      connectionTimeout: 10_000,
      greetingTimeout: 10_000,
      socketTimeout: 10_000,
    });
    cached = { url, transport };
  }
  return cached.transport;
}
