import { ApiError } from "@/lib/api/errors";
import { CLI_ACTOR, recordAuditEvent } from "@/lib/audit/record-audit-event";
import { hashPassword, MAX_PASSWORD_LENGTH, MIN_PASSWORD_LENGTH, normalizeEmail } from "@/lib/auth/password";
import type { Db } from "@/lib/db/prisma";
import type { MembershipRole } from "@/lib/generated/prisma/enums";

const EMAIL = /^[^\s@]+@[^\s@]+$/;

/**
 * The operator CLI's `user create`: a user with an argon2id password hash and a membership of `workspaceId` as
 * `role`, with "member.added" in that workspace's audit log (actor null, `details` { email, role, by: "cli" }), in
 * one transaction. An existing email is 409; an unknown workspace is 404; nothing is written then.
 */
export async function createUser({
  db,
  email,
  password,
  name = "",
  workspaceId,
  role = "EDITOR",
}: {
  db: Db;
  email: string;
  password: string;
  name?: string;
  workspaceId: string;
  role?: MembershipRole;
}) {
  const normalized = normalizeEmail(email);
  if (!EMAIL.test(normalized)) throw new ApiError("invalid_request", `Not an email address: ${email}`);
  if (password.length < MIN_PASSWORD_LENGTH || password.length > MAX_PASSWORD_LENGTH)
    throw new ApiError(
      "invalid_request",
      `Password must be ${MIN_PASSWORD_LENGTH} to ${MAX_PASSWORD_LENGTH} characters long`,
    );
  const workspace = await db.workspace.findUnique({ where: { id: workspaceId }, select: { id: true } });
  if (!workspace) throw new ApiError("not_found", `Workspace ${workspaceId} not found`);
  if (await db.user.findUnique({ where: { email: normalized }, select: { id: true } }))
    throw new ApiError("conflict", `A user with email ${normalized} already exists`);
  const passwordHash = await hashPassword(password);
  return db.$transaction(async (tx) => {
    const user = await tx.user.create({
      data: { email: normalized, name, passwordHash, memberships: { create: { workspaceId, role } } },
      select: { id: true, email: true, name: true, createdAt: true },
    });
    await recordAuditEvent({
      db: tx,
      workspaceId,
      actorUserId: null,
      action: "member.added",
      target: `user:${user.id}`,
      details: { email: normalized, role, by: CLI_ACTOR },
    });
    return user;
  });
}
