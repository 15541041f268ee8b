import type { AuditAction } from "@/lib/audit/record-audit-event";
import type { Db } from "@/lib/db/prisma";
import type { Prisma } from "@/lib/generated/prisma/client";

/**
 * Records one event about a person's account (a password reset asked for or done, a password set by the operator
 * CLI) in the audit log of EVERY workspace the person is a member of, with target "user:<id>": an account has no
 * single workspace, and each workspace's Owners and Admins should see that someone who can reach their workspace
 * changed how they sign in. A user of no workspace records nothing. Pass the transaction client as `db` so the
 * events are written with the change they record. Returns the number of events written.
 */
export async function recordAuditEventForUser({
  db,
  userId,
  actorUserId,
  action,
  details,
}: {
  db: Pick<Db, "auditEvent" | "membership">;
  userId: string;
  actorUserId: string | null;
  action: AuditAction;
  details?: Prisma.InputJsonValue;
}): Promise<number> {
  const memberships = await db.membership.findMany({ where: { userId }, select: { workspaceId: true } });
  const { count } = await db.auditEvent.createMany({
    data: memberships.map(({ workspaceId }) => ({
      workspaceId,
      actorUserId,
      action,
      target: `user:${userId}`,
      details,
    })),
  });
  return count;
}
