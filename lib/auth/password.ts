import { hash, verify } from "@node-rs/argon2";

// Passwords are hashed with argon2id (OWASP's first choice) at the library's defaults: 19 MiB, 2 passes, 1 lane.
// `Algorithm` is a const enum in the typings, which isolatedModules cannot inline: 2 is Argon2id.
const ARGON2ID = 2;
const OPTIONS = { algorithm: ARGON2ID, memoryCost: 19_456, timeCost: 2, parallelism: 1 } as const;

export const MIN_PASSWORD_LENGTH = 10;
export const MAX_PASSWORD_LENGTH = 256;

/** Emails are compared lower-cased and trimmed; that is also how they are stored. */
export function normalizeEmail(email: string): string {
  return email.trim().toLowerCase();
}

/** An argon2id PHC string (`$argon2id$v=19$m=19456,t=2,p=1$<salt>$<hash>`), with a fresh random salt. */
export function hashPassword(password: string): Promise<string> {
  return hash(password, OPTIONS);
}

/** False for a wrong password or a malformed hash; never throws for either. */
export async function verifyPassword(passwordHash: string, password: string): Promise<boolean> {
  try {
    return await verify(passwordHash, password);
  } catch {
    return false;
  }
}

let dummyHash: Promise<string> | undefined;

/**
 * For an unknown email: spend the same argon2 work as a real check, so the response time does not tell an
 * attacker which emails have accounts. Always false.
 */
export async function verifyAgainstDummy(password: string): Promise<false> {
  dummyHash ??= hashPassword("cadence-dummy-password-never-matches");
  await verifyPassword(await dummyHash, password);
  return false;
}
