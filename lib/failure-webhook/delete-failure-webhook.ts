import { ApiError } from "@/lib/api/errors";
import { recordAuditEvent } from "@/lib/audit/record-audit-event";
import type { Db } from "@/lib/db/prisma";

/**
 * Removes the workspace's failure webhook (its pending deliveries then fail: there is nowhere to send them).
 * Audited as "settings.changed" ({ failureWebhook: { from: "set", to: "none" } }). @throws ApiError not_found (404) when there is none.
 */
export async function deleteFailureWebhook({
  db,
  workspaceId,
  actorUserId,
}: {
  db: Db;
  workspaceId: string;
  actorUserId: string | null;
}): Promise<void> {
  await db.$transaction(async (tx) => {
    const { count } = await tx.failureWebhook.deleteMany({ where: { workspaceId } });
    if (count === 0) throw new ApiError("not_found", "This workspace has no failure webhook");
    await recordAuditEvent({
      db: tx,
      workspaceId,
      actorUserId,
      action: "settings.changed",
      target: "failure_webhook",
      details: { failureWebhook: { from: "set", to: "none" } },
    });
  });
}
