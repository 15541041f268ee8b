import { describe, expect, it } from "vitest";
import { safeNext, signInUrl } from "@/lib/auth/safe-next";
import { clearedSessionCookie, generateSessionToken, hashSessionToken, sessionCookie } from "@/lib/auth/session-token";

describe("safeNext", () => {
  it("keeps same-site paths with their query", () => {
    expect(safeNext("/insights")).toBe("/insights");
    expect(safeNext("/evergreen?platform=INSTAGRAM")).toBe("/evergreen?platform=INSTAGRAM");
  });
  it.each([
    null,
    "",
    "insights",
    "https://evil.example/",
    "//evil.example",
    "/\\evil.example",
    "/\t/evil.example",
    "/sign-in",
    "/sign-in?next=/x",
  ])("sends %j to /", (next) => {
    expect(safeNext(next)).toBe("/");
  });
  it("builds the sign-in URL that returns", () => {
    expect(signInUrl("/insights?x=1")).toBe("/sign-in?next=%2Finsights%3Fx%3D1");
    expect(signInUrl("/")).toBe("/sign-in");
    expect(signInUrl("//evil.example")).toBe("/sign-in");
  });
});

describe("session token and cookie", () => {
  it("is 256 random bits, stored as its SHA-256", () => {
    const a = generateSessionToken();
    const b = generateSessionToken();
    expect(a.token).toMatch(/^[A-Za-z0-9_-]{43}$/);
    expect(a.token).not.toBe(b.token);
    expect(a.hash).toBe(hashSessionToken(a.token));
    expect(a.hash).toMatch(/^[0-9a-f]{64}$/);
  });
  it("is httpOnly, Lax, Path=/, Secure only when asked", () => {
    const expires = new Date(Date.now() + 3_600_000);
    const plain = sessionCookie("tok", expires, { secure: false });
    expect(plain).toMatch(/^cadence_session=tok; Path=\/; Expires=.+; Max-Age=(3599|3600); HttpOnly; SameSite=Lax$/);
    expect(sessionCookie("tok", expires, { secure: true })).toMatch(/; Secure$/);
    expect(clearedSessionCookie({ secure: false })).toContain("Max-Age=0");
  });
});
