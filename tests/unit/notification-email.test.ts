import { describe, expect, it } from "vitest";
import { buildNotificationEmail } from "@/lib/mail/build-notification-email";

describe("buildNotificationEmail", () => {
  it("escapes every value in the HTML and keeps the text as written", () => {
    const mail = buildNotificationEmail({
      to: "ada@example.com",
      workspaceName: 'Tom & "Jerry"',
      title: "Failed: “<b>Sale</b>”",
      body: "Chat (failed): webhook answered 500: <script>x</script>\nX (failed): 401",
      link: "https://cadence.example.com/?post=abc&x=<1>",
    });
    expect(mail.subject).toBe('[Tom & "Jerry"] Failed: “<b>Sale</b>”');
    expect(mail.text).toContain("Chat (failed): webhook answered 500: <script>x</script>\nX (failed): 401");
    expect(mail.text).toContain("Open it in Cadence: https://cadence.example.com/?post=abc&x=<1>");
    expect(mail.html).not.toContain("<script>");
    expect(mail.html).not.toContain("<b>");
    expect(mail.html).toContain("&lt;script&gt;x&lt;/script&gt;<br>X (failed): 401");
    expect(mail.html).toContain('href="https://cadence.example.com/?post=abc&amp;x=&lt;1&gt;"');
  });

  it("without a link (no PUBLIC_URL) says where to look instead", () => {
    const mail = buildNotificationEmail({ to: "a@b.c", workspaceName: "W", title: "T", body: null, link: null });
    expect(mail.text).toContain("Open Cadence to see it");
    expect(mail.text).not.toContain("http");
    expect(mail.html).not.toContain("href");
  });
});
