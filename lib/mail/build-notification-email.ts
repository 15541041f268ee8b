import { escapeHtml } from "@/lib/mail/escape-html";
import type { MailMessage } from "@/lib/mail/send-mail";

/**
 * One notification as mail: the subject is its title, the text its body (if any) and a link that opens the post
 * (or, without PUBLIC_URL, a sentence saying where to look). Plain text and HTML with every value escaped.
 */
export function buildNotificationEmail({
  to,
  workspaceName,
  title,
  body,
  link,
}: {
  to: string;
  workspaceName: string;
  title: string;
  body?: string | null;
  link: string | null;
}): MailMessage {
  const subject = `[${workspaceName}] ${title}`;
  const lines = [title, ""];
  if (body) lines.push(body, "");
  lines.push(link ? `Open it in Cadence: ${link}` : "Open Cadence to see it (the bell in the top bar).");
  lines.push("", "You get this because of your notification settings (Settings → Notifications).");
  const html = [
    `<p><strong>${escapeHtml(title)}</strong></p>`,
    body ? `<p>${escapeHtml(body).replaceAll("\n", "<br>")}</p>` : "",
    link
      ? `<p><a href="${escapeHtml(link)}">Open it in Cadence</a></p>`
      : "<p>Open Cadence to see it (the bell in the top bar).</p>",
    "<p>You get this because of your notification settings (Settings → Notifications).</p>",
  ]
    .filter(Boolean)
    .join("\n");
  return { to, subject, text: lines.join("\n"), html };
}
