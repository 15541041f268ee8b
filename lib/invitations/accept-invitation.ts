import { ApiError } from "@/lib/api/errors";
import { recordAuditEvent } from "@/lib/audit/record-audit-event";
import { hashOneTimeToken } from "@/lib/auth/one-time-token";
import { hashPassword, MAX_PASSWORD_LENGTH, MIN_PASSWORD_LENGTH } from "@/lib/auth/password";
import type { Db } from "@/lib/db/prisma";
import { Prisma } from "@/lib/generated/prisma/client";
import type { MembershipRole } from "@/lib/generated/prisma/enums";

/** Why a link cannot be used, as the person reads it (the invitation page and the API say the same). */
export function unusableInvitationError(
  row: { acceptedAt: Date | null; revokedAt: Date | null; expiresAt: Date } | null,
  now: Date,
) {
  if (!row)
    return new ApiError("not_found", "This invitation link is not valid: it may have been replaced by a newer one");
  if (row.acceptedAt) return new ApiError("conflict", "This invitation was already used");
  if (row.revokedAt) return new ApiError("conflict", "This invitation was revoked");
  if (row.expiresAt.getTime() <= now.getTime())
    return new ApiError("conflict", "This invitation has expired: ask for a new one");
  return null;
}

/**
 * Accepts the invitation the link's `token` stands for, once: as the signed-in user `signedIn` (their email must be
 * the invited one), or, for an email without an account, as a new user with `name` and `password` (argon2id).
 * The membership with the invited role and the invitation's `acceptedAt` are one transaction, the latter
 * compare-and-set (not accepted, not revoked, not expired, same token), so a link used twice at once joins once.
 * Records "member.joined". Returns the user and workspace (the route opens a session for a new user).
 * @throws ApiError not_found (404) unknown token; conflict (409) used, revoked or expired; forbidden (403) signed in as
 *   someone else; unauthenticated (401, details.signIn) the email has an account but nobody is signed in;
 *   invalid_request (400) name or password missing or out of bounds. Nothing is written then.
 */
export async function acceptInvitation({
  db,
  token,
  signedIn,
  name,
  password,
  now = new Date(),
}: {
  db: Db;
  token: string;
  signedIn: { userId: string; email: string } | null;
  name?: string;
  password?: string;
  now?: Date;
}): Promise<{ userId: string; workspaceId: string; role: MembershipRole; created: boolean }> {
  const tokenHash = hashOneTimeToken(token);
  const row = await db.invitation.findUnique({
    where: { tokenHash },
    select: {
      id: true,
      workspaceId: true,
      email: true,
      role: true,
      acceptedAt: true,
      revokedAt: true,
      expiresAt: true,
    },
  });
  const unusable = unusableInvitationError(row, now);
  if (unusable || !row) throw unusable;

  let userId: string;
  let passwordHash: string | null = null;
  let newName = "";
  if (signedIn) {
    if (signedIn.email !== row.email)
      throw new ApiError(
        "forbidden",
        `This invitation is for ${row.email}, and you are signed in as ${signedIn.email}: sign out and open the link again`,
      );
    userId = signedIn.userId;
  } else {
    const existing = await db.user.findUnique({ where: { email: row.email }, select: { id: true } });
    if (existing)
      throw new ApiError("unauthenticated", `${row.email} already has an account: sign in to accept the invitation`, {
        signIn: `/sign-in?next=${encodeURIComponent(`/invite/${token}`)}`,
      });
    newName = (name ?? "").trim();
    if (!newName)
      throw new ApiError("invalid_request", "Invalid body: name", [{ path: "name", message: "Enter your name" }]);
    if (!password || password.length < MIN_PASSWORD_LENGTH || password.length > MAX_PASSWORD_LENGTH)
      throw new ApiError("invalid_request", "Invalid body: password", [
        {
          path: "password",
          message: `Password must be ${MIN_PASSWORD_LENGTH} to ${MAX_PASSWORD_LENGTH} characters long`,
        },
      ]);
    passwordHash = await hashPassword(password);
    userId = "";
  }

  try {
    return await db.$transaction(async (tx) => {
      const claimed = await tx.invitation.updateMany({
        where: { id: row.id, tokenHash, acceptedAt: null, revokedAt: null, expiresAt: { gt: now } },
        data: { acceptedAt: now },
      });
      if (claimed.count === 0) {
        const again = await tx.invitation.findUnique({ where: { id: row.id } });
        throw unusableInvitationError(again, now) ?? new ApiError("conflict", "This invitation was already used");
      }
      let created = false;
      if (passwordHash !== null) {
        const user = await tx.user.create({
          data: { email: row.email, name: newName, passwordHash },
          select: { id: true },
        });
        userId = user.id;
        created = true;
      }
      const member = await tx.membership.findUnique({
        where: { userId_workspaceId: { userId, workspaceId: row.workspaceId } },
        select: { role: true },
      });
      if (!member) await tx.membership.create({ data: { userId, workspaceId: row.workspaceId, role: row.role } });
      await tx.invitation.update({ where: { id: row.id }, data: { acceptedUserId: userId } });
      await recordAuditEvent({
        db: tx,
        workspaceId: row.workspaceId,
        actorUserId: userId,
        action: "member.joined",
        target: `user:${userId}`,
        details: { invitationId: row.id, email: row.email, role: member?.role ?? row.role, newAccount: created },
      });
      return { userId, workspaceId: row.workspaceId, role: member?.role ?? row.role, created };
    });
  } catch (error) {
    // The email got an account between the check and the insert (another invitation accepted at the same moment).
    if (error instanceof Prisma.PrismaClientKnownRequestError && error.code === "P2002")
      throw new ApiError("conflict", `${row.email} already has an account: sign in to accept the invitation`);
    throw error;
  }
}
