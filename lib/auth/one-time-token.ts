import { createHash, randomBytes } from "node:crypto";

/**
 * A link token (invitation, password reset): 32 random bytes as base64url (43 characters); only its SHA-256 (hex)
 * is stored, so a database leak gives no usable link.
 */
export function generateOneTimeToken(): { token: string; hash: string } {
  const token = randomBytes(32).toString("base64url");
  return { token, hash: hashOneTimeToken(token) };
}

export function hashOneTimeToken(token: string): string {
  return createHash("sha256").update(token).digest("hex");
}
