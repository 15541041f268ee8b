import { createHash } from "node:crypto";

/** Hex SHA-256 of an OAuth `state`: only this is stored, so a database reader cannot finish someone's sign-in. */
export function hashOAuthState(state: string): string {
  return createHash("sha256").update(state).digest("hex");
}
