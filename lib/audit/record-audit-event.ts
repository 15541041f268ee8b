import type { Db } from "@/lib/db/prisma";
import type { Prisma } from "@/lib/generated/prisma/client";

// The audit log's one writer (issue 12). The `roles` branch owns this file; this is the minimal version with the
// contract's signature, so settings and token changes are recorded on the `settings` branch too.

/**
 * Records who (`actorUserId`: the signed-in person, null for an API token or the CLI) did what (`action`:
 * "settings.changed", "token.created", "token.revoked", …) to what (`target`: "workspace:<id>", "token:<id>") in
 * `workspaceId`, with `details` (JSON: e.g. the changed fields' old and new values). Pass the transaction's client to
 * record it together with the change.
 */
export async function recordAuditEvent({
  db,
  workspaceId,
  actorUserId,
  action,
  target,
  details = {},
}: {
  db: Pick<Db, "auditEvent">;
  workspaceId: string;
  actorUserId: string | null;
  action: string;
  target: string;
  details?: Prisma.InputJsonValue;
}): Promise<void> {
  await db.auditEvent.create({ data: { workspaceId, actorUserId, action, target, details } });
}
