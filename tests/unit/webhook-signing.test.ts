import { createHmac } from "node:crypto";
import { describe, expect, it } from "vitest";
import { httpUrlOrNull } from "@/lib/net/http-url-or-null";
import { sanitiseExcerpt } from "@/lib/net/sanitise-excerpt";
import { signingSecrets, webhookSignatureHeader } from "@/lib/publishing/networks/webhook/sign";
import { verifyCadenceSignature } from "@/tests/helpers/webhook-receiver";

const BODY = '{"post":{"id":"p1","content":"héllo"}}';

describe("Cadence-Signature", () => {
  it("is t=<unix>,v1=<HMAC-SHA256 of '<t>.<body>'>", () => {
    const header = webhookSignatureHeader({ body: BODY, secrets: ["s3cret"], timestamp: 1_800_000_000 });
    const mac = createHmac("sha256", "s3cret").update(`1800000000.${BODY}`).digest("hex");
    expect(header).toBe(`t=1800000000,v1=${mac}`);
  });

  it("binds the timestamp: the same signature with another t, or after the tolerance, does not verify", () => {
    const header = webhookSignatureHeader({ body: BODY, secrets: ["s3cret"], timestamp: 1_800_000_000 });
    const v = (h: string, nowSec: number, raw = BODY) =>
      verifyCadenceSignature({ header: h, raw, secret: "s3cret", nowSec });
    expect(v(header, 1_800_000_000)).toBe(true);
    expect(v(header, 1_800_000_300)).toBe(true);
    expect(v(header, 1_800_000_301)).toBe(false); // replayed 5 min + 1 s later
    expect(v(header.replace("t=1800000000", "t=1800000290"), 1_800_000_300)).toBe(false); // t swapped
    expect(v(header, 1_800_000_000, `${BODY} `)).toBe(false); // body changed
    expect(verifyCadenceSignature({ header, raw: BODY, secret: "other", nowSec: 1_800_000_000 })).toBe(false);
  });

  it("signs with both secrets during a rotation's grace period, then only with the new one", () => {
    const creds = { secret: "new", previousSecret: "old", previousSecretExpiresAt: "2026-12-01T12:00:00.000Z" };
    expect(signingSecrets(creds, new Date("2026-12-01T11:59:59Z"))).toEqual(["new", "old"]);
    expect(signingSecrets(creds, new Date("2026-12-01T12:00:00Z"))).toEqual(["new"]);
    expect(signingSecrets({ secret: "only" }, new Date())).toEqual(["only"]);
    const header = webhookSignatureHeader({ body: BODY, secrets: ["new", "old"], timestamp: 1_800_000_000 });
    expect(header.split(",")).toHaveLength(3);
    for (const secret of ["new", "old"]) {
      expect(verifyCadenceSignature({ header, raw: BODY, secret, nowSec: 1_800_000_000 })).toBe(true);
    }
  });
});

describe("sanitiseExcerpt", () => {
  it("keeps ≤ 200 printable characters, no control or bidi characters, no secret", () => {
    const body = `\u001b[31mERROR\u001b[0m\r\n\tsecret=whsec_abcdef123456 \u202Egnp.exe\u0000 Authorization: Bearer abcdefghijkl ${"x".repeat(5000)}`;
    const out = sanitiseExcerpt(body, { secrets: ["whsec_abcdef123456"] });
    expect(Array.from(out)).toHaveLength(200);
    expect(out.endsWith("…")).toBe(true);
    expect(out).not.toMatch(/[\p{Cc}\p{Cf}]/u);
    expect(out).not.toContain("whsec_abcdef123456");
    expect(out).not.toContain("abcdefghijkl");
    expect(out).toContain("[31mERROR [0m secret=[redacted] gnp.exe Authorization: Bearer [redacted] xxx");
  });

  it("leaves short text as it is and cuts by characters, not UTF-16 units", () => {
    expect(sanitiseExcerpt("content rejected: too many links")).toBe("content rejected: too many links");
    expect(sanitiseExcerpt("")).toBe("");
    const emoji = sanitiseExcerpt("😀".repeat(300), { max: 10 });
    expect(emoji).toBe(`${"😀".repeat(9)}…`);
  });
});

describe("httpUrlOrNull", () => {
  it.each([
    ["https://social.example/@me/1", "https://social.example/@me/1"],
    ["http://receiver.test/posts/1", "http://receiver.test/posts/1"],
    [" HTTPS://Example.COM/a ", "https://example.com/a"],
  ])("keeps %s", (value, kept) => {
    expect(httpUrlOrNull(value)).toBe(kept);
  });

  it.each([
    "javascript:alert(document.cookie)",
    "JavaScript:alert(1)",
    " javascript:alert(1)",
    "java\tscript:alert(1)",
    "data:text/html,<script>alert(1)</script>",
    "vbscript:msgbox(1)",
    "sandbox://channel/123",
    "file:///etc/passwd",
    "//evil.example/x",
    "/relative/path",
    "https://user:pass@example.com/",
    `https://example.com/${"a".repeat(2100)}`,
    "",
    null,
    42,
    { href: "https://example.com" },
  ])("drops %s", (value) => {
    expect(httpUrlOrNull(value)).toBeNull();
  });
});
