import type { Db } from "@/lib/db/prisma";
import type { Prisma } from "@/lib/generated/prisma/client";

// The minimal audit log of issue 12's contract (ISSUE12.md), added on the invites branch only so its changes are
// recorded; the roles branch owns the real one and the lead keeps theirs at merge.

/**
 * Appends one audit event: who (`actorUserId`, null for an API token or the system), what (`action`, e.g.
 * "member.invited"), on what (`target`, e.g. "invitation:<id>"), with `details` (JSON, no secrets).
 */
export async function recordAuditEvent({
  db,
  workspaceId,
  actorUserId,
  action,
  target,
  details,
}: {
  db: Db | Prisma.TransactionClient;
  workspaceId: string;
  actorUserId: string | null;
  action: string;
  target?: string | null;
  details?: Prisma.InputJsonValue;
}): Promise<void> {
  await db.auditEvent.create({
    data: { workspaceId, actorUserId, action, target: target ?? null, details: details ?? undefined },
  });
}
