import { type CreatedApiToken, createApiToken } from "@/lib/api-tokens/create-api-token";
import { type CLI_ACTOR, recordAuditEvent } from "@/lib/audit/record-audit-event";
import type { TokenScope } from "@/lib/auth/permissions";
import type { Db } from "@/lib/db/prisma";

/**
 * A token made from the dashboard (POST /api/workspace/tokens) or the operator CLI (`by: "cli"`, actor null):
 * created and recorded in the audit log ("token.created", by `actorUserId`; `details.by` "cli" from the CLI) in one
 * transaction. `token` is in the result this once. 404 for an unknown workspace, nothing written.
 */
export async function issueApiToken({
  db,
  workspaceId,
  actorUserId,
  name,
  scope,
  by,
}: {
  db: Db;
  workspaceId: string;
  actorUserId: string | null;
  name: string;
  scope: TokenScope;
  by?: typeof CLI_ACTOR;
}): Promise<CreatedApiToken & { createdAt: Date }> {
  return db.$transaction(async (tx) => {
    const created = await createApiToken({ db: tx, workspaceId, name, scope });
    await recordAuditEvent({
      db: tx,
      workspaceId,
      actorUserId,
      action: "token.created",
      target: `token:${created.id}`,
      details: { name, prefix: created.prefix, scope, ...(by ? { by } : {}) },
    });
    const { createdAt } = await tx.apiToken.findUniqueOrThrow({
      where: { id: created.id },
      select: { createdAt: true },
    });
    return { ...created, createdAt };
  });
}
