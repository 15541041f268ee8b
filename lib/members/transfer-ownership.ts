import { ApiError } from "@/lib/api/errors";
import { recordAuditEvent } from "@/lib/audit/record-audit-event";
import type { Db } from "@/lib/db/prisma";

/**
 * Makes member `toUserId` an Owner and the calling Owner (`fromUserId`) an Admin, in one transaction with the
 * audit event "ownership.transferred" `{ from, to }`. 422 to oneself, 404 for a non-member, 409 when the caller
 * is no longer an Owner (compare-and-set on their role).
 */
export async function transferOwnership({
  db,
  workspaceId,
  fromUserId,
  toUserId,
}: {
  db: Db;
  workspaceId: string;
  fromUserId: string;
  toUserId: string;
}): Promise<{ owner: string; previousOwner: string }> {
  if (fromUserId === toUserId) throw new ApiError("unprocessable", "You are already the Owner: choose another member");
  return db.$transaction(async (tx) => {
    const target = await tx.membership.findUnique({
      where: { userId_workspaceId: { userId: toUserId, workspaceId } },
      select: { id: true, role: true },
    });
    if (!target) throw new ApiError("not_found", `Member ${toUserId} not found in this workspace`);
    const demoted = await tx.membership.updateMany({
      where: { userId: fromUserId, workspaceId, role: "OWNER" },
      data: { role: "ADMIN" },
    });
    if (demoted.count !== 1) throw new ApiError("conflict", "You are no longer an Owner of this workspace");
    await tx.membership.update({ where: { id: target.id }, data: { role: "OWNER" } });
    await recordAuditEvent({
      db: tx,
      workspaceId,
      actorUserId: fromUserId,
      action: "ownership.transferred",
      target: `user:${toUserId}`,
      details: { from: fromUserId, to: toUserId, previousRole: target.role },
    });
    return { owner: toUserId, previousOwner: fromUserId };
  });
}
