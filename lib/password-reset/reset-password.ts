import { ApiError } from "@/lib/api/errors";
import { recordAuditEventForUser } from "@/lib/audit/record-audit-event-for-user";
import { hashOneTimeToken } from "@/lib/auth/one-time-token";
import { hashPassword } from "@/lib/auth/password";
import type { Db } from "@/lib/db/prisma";

/** Why a reset link cannot be used, as the person reads it (the reset page and the API say the same). */
export function unusableResetError(row: { usedAt: Date | null; expiresAt: Date } | null, now: Date): ApiError | null {
  if (!row) return new ApiError("not_found", "This reset link is not valid: it may have been replaced by a newer one");
  if (row.usedAt) return new ApiError("conflict", "This reset link was already used");
  if (row.expiresAt.getTime() <= now.getTime())
    return new ApiError("conflict", "This reset link has expired: ask for a new one");
  return null;
}

/**
 * Sets a new password (argon2id) with a reset link's token, once: the token is claimed compare-and-set (not used,
 * not expired) in the same transaction that changes the password, ends every session of that user and records
 * "password.reset" (actor: the user, who proved they read the mail) in the audit log of every workspace they belong to.
 * @throws ApiError not_found (404) unknown token; conflict (409) used or expired. Nothing is changed then.
 */
export async function resetPassword({
  db,
  token,
  password,
  now = new Date(),
}: {
  db: Db;
  token: string;
  password: string;
  now?: Date;
}): Promise<{ userId: string; sessionsEnded: number }> {
  const tokenHash = hashOneTimeToken(token);
  const row = await db.passwordResetToken.findUnique({
    where: { tokenHash },
    select: { id: true, userId: true, usedAt: true, expiresAt: true },
  });
  const unusable = unusableResetError(row, now);
  if (unusable || !row) throw unusable;
  const passwordHash = await hashPassword(password);
  return db.$transaction(async (tx) => {
    const claimed = await tx.passwordResetToken.updateMany({
      where: { id: row.id, usedAt: null, expiresAt: { gt: now } },
      data: { usedAt: now },
    });
    if (claimed.count === 0)
      throw (
        unusableResetError(await tx.passwordResetToken.findUnique({ where: { id: row.id } }), now) ??
        new ApiError("conflict", "This reset link was already used")
      );
    await tx.user.update({ where: { id: row.userId }, data: { passwordHash } });
    const ended = await tx.session.deleteMany({ where: { userId: row.userId } });
    await tx.passwordResetToken.deleteMany({ where: { userId: row.userId, usedAt: null } });
    await recordAuditEventForUser({
      db: tx,
      userId: row.userId,
      actorUserId: row.userId,
      action: "password.reset",
      details: { sessionsEnded: ended.count },
    });
    return { userId: row.userId, sessionsEnded: ended.count };
  });
}
