import { createHash } from "node:crypto";
import type { Redis } from "ioredis";
import { ApiError } from "@/lib/api/errors";
import { recordAuditEventForUser } from "@/lib/audit/record-audit-event-for-user";
import { countInWindow } from "@/lib/auth/count-in-window";
import { generateOneTimeToken } from "@/lib/auth/one-time-token";
import { normalizeEmail } from "@/lib/auth/password";
import type { Db } from "@/lib/db/prisma";
import { getEnv } from "@/lib/env";
import { logger } from "@/lib/log";
import { buildPasswordResetEmail } from "@/lib/mail/build-password-reset-email";
import { sendMail } from "@/lib/mail/send-mail";

const log = logger("auth:password-reset");

/** How long a reset link works. */
export const PASSWORD_RESET_TTL_MS = 3_600_000;
const HOUR_MS = 3_600_000;
const hash = (s: string) => createHash("sha256").update(s).digest("hex");

/**
 * "Forgot password": for an email with an account, stores the SHA-256 of a fresh 32-byte token (1 hour, single use;
 * earlier unused links of that user die) and mails `<baseUrl>/reset/<token>`. The caller answers 202 whatever
 * happens here, so the answer never tells whether the email has an account; the mail is sent without being awaited
 * (its time would tell too). Past PASSWORD_RESETS_PER_EMAIL_PER_HOUR for the address asked, nothing is sent (still
 * 202). Without SMTP nothing can be sent: logged (an operator sets a password with the CLI). A request that makes a
 * link records "password.reset_requested" (no actor: the asker is not signed in) in the audit log of every workspace
 * the user belongs to, with the new link.
 * @throws ApiError rate_limited (429) past PASSWORD_RESETS_PER_ADDRESS_PER_HOUR for the client address `address`.
 */
export async function requestPasswordReset({
  db,
  redis,
  email,
  address,
  baseUrl,
  now = new Date(),
}: {
  db: Db;
  redis: Redis;
  email: string;
  address: string;
  baseUrl: string;
  now?: Date;
}): Promise<void> {
  const env = getEnv();
  const normalized = normalizeEmail(email);
  const addressWait = await countInWindow(
    redis,
    `cadence:password-reset:address:${hash(address)}`,
    env.PASSWORD_RESETS_PER_ADDRESS_PER_HOUR,
    HOUR_MS,
  );
  if (addressWait > 0) {
    const minutes = Math.ceil(addressWait / 60_000);
    throw new ApiError(
      "rate_limited",
      `Too many password reset requests from your address. Try again in ${minutes} minute${minutes === 1 ? "" : "s"}.`,
      { retryAfterMs: addressWait },
    );
  }
  const emailWait = await countInWindow(
    redis,
    `cadence:password-reset:email:${hash(normalized)}`,
    env.PASSWORD_RESETS_PER_EMAIL_PER_HOUR,
    HOUR_MS,
  );
  if (emailWait > 0) {
    log.warn("password reset limit reached for one email address; not sending");
    return;
  }
  const user = await db.user.findUnique({ where: { email: normalized }, select: { id: true } });
  if (!user) return;
  const { token, hash: tokenHash } = generateOneTimeToken();
  await db.$transaction(async (tx) => {
    await tx.passwordResetToken.deleteMany({ where: { userId: user.id, usedAt: null } });
    await tx.passwordResetToken.create({
      data: { userId: user.id, tokenHash, expiresAt: new Date(now.getTime() + PASSWORD_RESET_TTL_MS), createdAt: now },
    });
    // Whoever typed the email is not signed in: no actor. Only requests that make a link are recorded, so the
    // per-email limit above also bounds the log.
    await recordAuditEventForUser({ db: tx, userId: user.id, actorUserId: null, action: "password.reset_requested" });
  });
  const message = buildPasswordResetEmail({ to: normalized, link: `${baseUrl}/reset/${token}` });
  void sendMail(message).then((result) => {
    if (!result.sent && result.reason === "not_configured")
      log.warn({ userId: user.id }, "password reset asked but SMTP_URL is not set: no mail sent");
  });
}
