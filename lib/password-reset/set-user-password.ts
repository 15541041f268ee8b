import { ApiError } from "@/lib/api/errors";
import { CLI_ACTOR } from "@/lib/audit/record-audit-event";
import { recordAuditEventForUser } from "@/lib/audit/record-audit-event-for-user";
import { hashPassword, MAX_PASSWORD_LENGTH, MIN_PASSWORD_LENGTH, normalizeEmail } from "@/lib/auth/password";
import type { Db } from "@/lib/db/prisma";

/**
 * An operator sets a user's password (the CLI's `user set-password`, for installs without SMTP): argon2id, and every
 * session of that user ends, as after a reset by mail, and "password.set" (actor null, `details.by` "cli") is recorded
 * in the audit log of every workspace the user belongs to, in the same transaction.
 * @throws ApiError not_found (404) unknown email; invalid_request (400) a password outside 10-256 characters.
 */
export async function setUserPassword({
  db,
  email,
  password,
}: {
  db: Db;
  email: string;
  password: string;
}): Promise<{ userId: string; sessionsEnded: number }> {
  if (password.length < MIN_PASSWORD_LENGTH || password.length > MAX_PASSWORD_LENGTH)
    throw new ApiError(
      "invalid_request",
      `Password must be ${MIN_PASSWORD_LENGTH} to ${MAX_PASSWORD_LENGTH} characters long`,
    );
  const normalized = normalizeEmail(email);
  const user = await db.user.findUnique({ where: { email: normalized }, select: { id: true } });
  if (!user) throw new ApiError("not_found", `No user with email ${normalized}`);
  const passwordHash = await hashPassword(password);
  return db.$transaction(async (tx) => {
    await tx.user.update({ where: { id: user.id }, data: { passwordHash } });
    const ended = await tx.session.deleteMany({ where: { userId: user.id } });
    await tx.passwordResetToken.deleteMany({ where: { userId: user.id, usedAt: null } });
    await recordAuditEventForUser({
      db: tx,
      userId: user.id,
      actorUserId: null,
      action: "password.set",
      details: { by: CLI_ACTOR, sessionsEnded: ended.count },
    });
    return { userId: user.id, sessionsEnded: ended.count };
  });
}
