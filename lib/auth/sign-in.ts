import type { Redis } from "ioredis";
import { ApiError } from "@/lib/api/errors";
import { normalizeEmail, verifyAgainstDummy, verifyPassword } from "@/lib/auth/password";
import { generateSessionToken, SESSION_TTL_MS } from "@/lib/auth/session-token";
import { buildSessionView, type SessionView } from "@/lib/auth/session-view";
import { refundSignInAttempt, reserveSignInAttempt, signInLimitKeys } from "@/lib/auth/sign-in-rate-limit";
import type { Db } from "@/lib/db/prisma";

/** One message for an unknown email and a wrong password, so the answer does not reveal who has an account. */
export const BAD_CREDENTIALS = "Email or password is incorrect";

export type SignedIn = { token: string; expiresAt: Date; view: SessionView };

/**
 * Checks email + password and opens a session in the user's last active workspace (else their first by name).
 * Returns the plain session token for the cookie; only its hash is stored. `address` is the client address
 * (lib/api/client-address.ts) for the rate limit (lib/auth/sign-in-rate-limit.ts).
 * @throws ApiError rate_limited (429) while the account or the address is at its limit; unauthenticated (401) for
 *   a wrong email or password; forbidden (403) for a user in no workspace.
 */
export async function signIn({
  db,
  redis,
  email,
  password,
  address,
  now = new Date(),
}: {
  db: Db;
  redis: Redis;
  email: string;
  password: string;
  address: string;
  now?: Date;
}): Promise<SignedIn> {
  const normalized = normalizeEmail(email);
  const limitKeys = signInLimitKeys(normalized, address);
  const blockedMs = await reserveSignInAttempt(redis, limitKeys);
  if (blockedMs > 0) {
    const minutes = Math.ceil(blockedMs / 60_000);
    throw new ApiError(
      "rate_limited",
      `Too many failed sign-in attempts. Try again in ${minutes} minute${minutes === 1 ? "" : "s"}.`,
      { retryAfterMs: blockedMs },
    );
  }

  const user = await db.user.findUnique({
    where: { email: normalized },
    select: { id: true, email: true, name: true, passwordHash: true },
  });
  const ok = user ? await verifyPassword(user.passwordHash, password) : await verifyAgainstDummy(password);
  // The attempt was counted before the check: a failure needs no further write.
  if (!user || !ok) throw new ApiError("unauthenticated", BAD_CREDENTIALS);
  await refundSignInAttempt(redis, limitKeys);

  const workspaceId = await pickWorkspace(db, user.id);
  if (!workspaceId) throw new ApiError("forbidden", "Your account is not a member of any workspace yet");

  const { token, hash } = generateSessionToken();
  const expiresAt = new Date(now.getTime() + SESSION_TTL_MS);
  await db.session.create({
    data: { tokenHash: hash, userId: user.id, workspaceId, expiresAt, createdAt: now, lastSeenAt: now },
  });
  const view = await buildSessionView({
    db,
    user: { id: user.id, email: user.email, name: user.name },
    workspaceId,
  });
  return { token, expiresAt, view };
}

/** The workspace of the user's most recent session if they are still a member, else their first by name. */
async function pickWorkspace(db: Db, userId: string): Promise<string | null> {
  const memberships = await db.membership.findMany({
    where: { userId },
    select: { workspaceId: true },
    orderBy: [{ workspace: { name: "asc" } }, { workspaceId: "asc" }],
  });
  if (memberships.length === 0) return null;
  const last = await db.session.findFirst({
    where: { userId, workspaceId: { in: memberships.map((m) => m.workspaceId) } },
    orderBy: { lastSeenAt: "desc" },
    select: { workspaceId: true },
  });
  return last?.workspaceId ?? memberships[0]?.workspaceId ?? null;
}
