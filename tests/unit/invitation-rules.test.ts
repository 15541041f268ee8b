import { createHash } from "node:crypto";
import { describe, expect, it } from "vitest";
import { generateOneTimeToken, hashOneTimeToken } from "@/lib/auth/one-time-token";
import { unusableInvitationError } from "@/lib/invitations/accept-invitation";
import { invitationStatus } from "@/lib/invitations/invitation-view";
import { unusableResetError } from "@/lib/password-reset/reset-password";
import { acceptInvitationBody, createInvitationBody, passwordResetConfirmBody } from "@/lib/schemas/invitations";

const now = new Date("2027-01-01T12:00:00Z");
const later = new Date(now.getTime() + 1);
const earlier = new Date(now.getTime() - 1);

describe("link tokens", () => {
  it("are 32 random bytes as 43 base64url characters, stored as their SHA-256", () => {
    const tokens = new Set<string>();
    for (let i = 0; i < 50; i++) {
      const { token, hash } = generateOneTimeToken();
      expect(token).toMatch(/^[A-Za-z0-9_-]{43}$/);
      expect(Buffer.from(token, "base64url")).toHaveLength(32);
      expect(hash).toBe(createHash("sha256").update(token).digest("hex"));
      expect(hashOneTimeToken(token)).toBe(hash);
      tokens.add(token);
    }
    expect(tokens.size).toBe(50);
  });
});

describe("invitation status", () => {
  it.each([
    [{ acceptedAt: earlier, revokedAt: null, expiresAt: earlier }, "accepted"],
    [{ acceptedAt: earlier, revokedAt: earlier, expiresAt: later }, "accepted"],
    [{ acceptedAt: null, revokedAt: earlier, expiresAt: later }, "revoked"],
    [{ acceptedAt: null, revokedAt: null, expiresAt: now }, "expired"],
    [{ acceptedAt: null, revokedAt: null, expiresAt: earlier }, "expired"],
    [{ acceptedAt: null, revokedAt: null, expiresAt: later }, "pending"],
  ] as const)("%j is %s", (row, status) => {
    expect(invitationStatus(row, now)).toBe(status);
  });

  it("a usable link has no error; each unusable one says why", () => {
    expect(unusableInvitationError({ acceptedAt: null, revokedAt: null, expiresAt: later }, now)).toBeNull();
    expect(unusableInvitationError(null, now)?.status).toBe(404);
    expect(unusableInvitationError({ acceptedAt: earlier, revokedAt: null, expiresAt: later }, now)?.message).toBe(
      "This invitation was already used",
    );
    expect(unusableInvitationError({ acceptedAt: null, revokedAt: earlier, expiresAt: later }, now)?.message).toBe(
      "This invitation was revoked",
    );
    expect(unusableInvitationError({ acceptedAt: null, revokedAt: null, expiresAt: now }, now)?.status).toBe(409);
    expect(unusableResetError({ usedAt: null, expiresAt: later }, now)).toBeNull();
    expect(unusableResetError({ usedAt: null, expiresAt: now }, now)?.message).toContain("expired");
    expect(unusableResetError({ usedAt: earlier, expiresAt: later }, now)?.message).toContain("already used");
  });
});

describe("request bodies", () => {
  it("an invitation's email is trimmed and lower-cased; OWNER and unknown roles are refused", () => {
    expect(createInvitationBody.parse({ email: "  Ana@Example.COM ", role: "VIEWER" })).toEqual({
      email: "ana@example.com",
      role: "VIEWER",
    });
    for (const role of ["OWNER", "MEMBER", "admin", ""])
      expect(createInvitationBody.safeParse({ email: "a@b.example", role }).success).toBe(false);
    expect(createInvitationBody.safeParse({ email: "a@b.example", role: "EDITOR", extra: 1 }).success).toBe(false);
  });

  it("tokens must look like link tokens; a new password must be 10-256 characters", () => {
    const token = generateOneTimeToken().token;
    expect(acceptInvitationBody.safeParse({ token }).success).toBe(true);
    for (const bad of ["", "short", `${token}x`, `${token.slice(0, 42)}=`, `${token.slice(0, 42)}/`])
      expect(acceptInvitationBody.safeParse({ token: bad }).success).toBe(false);
    expect(passwordResetConfirmBody.safeParse({ token, password: "123456789" }).success).toBe(false);
    expect(passwordResetConfirmBody.safeParse({ token, password: "1234567890" }).success).toBe(true);
    expect(passwordResetConfirmBody.safeParse({ token, password: "x".repeat(257) }).success).toBe(false);
  });
});
