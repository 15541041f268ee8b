import { randomUUID } from "node:crypto";
import { afterEach, describe, expect, it } from "vitest";
import { getEnv } from "@/lib/env";
import { buildInvitationEmail } from "@/lib/mail/build-invitation-email";
import { sendMail } from "@/lib/mail/send-mail";
import { listenersOfServerOnPort } from "@/tests/helpers/listening-sockets";
import { deleteMessagesTo, linkIn, waitForMessageTo } from "@/tests/helpers/mailpit";

// The mailer (nodemailer over SMTP_URL) against the launcher's Mailpit, and Mailpit itself bound to 127.0.0.1 only.

const to = `mail-${randomUUID()}@test.cadence.local`;
afterEach(() => deleteMessagesTo(to));

describe("mail through the launcher's Mailpit", () => {
  it("Mailpit listens on 127.0.0.1 only (SMTP, HTTP API and POP3)", () => {
    const smtpPort = Number(new URL(getEnv().SMTP_URL ?? "").port);
    const listeners = listenersOfServerOnPort(smtpPort);
    expect(listeners.length).toBeGreaterThanOrEqual(2);
    for (const l of listeners) expect(l.address).toBe("127.0.0.1");
    const ports = listeners.map((l) => l.port);
    expect(ports).toContain(Number(new URL(process.env.MAILPIT_API_URL ?? "").port));
  });

  it("sends from MAIL_FROM; the HTML escapes names and keeps the link intact", async () => {
    const link = "https://cadence.example.com/invite/abc_DEF-123?x=1&y=2";
    const result = await sendMail(
      buildInvitationEmail({
        to,
        inviterName: "Eve <script>",
        workspaceName: 'Tom & "Jerry"',
        roleLabel: "Viewer",
        link,
        expiresAt: new Date("2027-01-08T10:00:00Z"),
      }),
    );
    expect(result).toEqual({ sent: true });
    const message = await waitForMessageTo(to);
    expect(message.From.Address).toBe(/<([^>]+)>/.exec(getEnv().MAIL_FROM)?.[1] ?? getEnv().MAIL_FROM);
    expect(message.Subject).toBe('Eve <script> invited you to Tom & "Jerry" on Cadence');
    expect(message.HTML).toContain("Eve &lt;script&gt;");
    expect(message.HTML).toContain("Tom &amp; &quot;Jerry&quot;");
    expect(message.HTML).not.toContain("<script>");
    expect(message.HTML).toContain(`href="${link.replace("&", "&amp;")}"`);
    expect(linkIn(message, "/invite/")).toBe(link);
    expect(message.Text).toContain("expires Fri, 08 Jan 2027 10:00:00 GMT");
  });
});
