import { createHash, randomBytes } from "node:crypto";

/**
 * A PKCE pair for one authorization (RFC 7636): `verifier` is 32 random bytes as base64url (43 characters, within
 * the 43..128 of §4.1), `challenge` its SHA-256 as base64url, sent with `code_challenge_method=S256` (§4.2).
 */
export function createPkcePair(): { verifier: string; challenge: string } {
  const verifier = randomBytes(32).toString("base64url");
  const challenge = createHash("sha256").update(verifier).digest("base64url");
  return { verifier, challenge };
}
