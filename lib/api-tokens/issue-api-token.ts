import { type CreatedApiToken, createApiToken } from "@/lib/api-tokens/create-api-token";
import { recordAuditEvent } from "@/lib/audit/record-audit-event";
import type { TokenScope } from "@/lib/auth/permissions";
import type { Db } from "@/lib/db/prisma";

/**
 * A token made from the dashboard (POST /api/workspace/tokens): created and recorded in the audit log
 * ("token.created", by `actorUserId`) in one transaction. `token` is in the result this once.
 */
export async function issueApiToken({
  db,
  workspaceId,
  actorUserId,
  name,
  scope,
}: {
  db: Db;
  workspaceId: string;
  actorUserId: string | null;
  name: string;
  scope: TokenScope;
}): Promise<CreatedApiToken & { createdAt: Date }> {
  return db.$transaction(async (tx) => {
    const created = await createApiToken({ db: tx, workspaceId, name, scope });
    await recordAuditEvent({
      db: tx,
      workspaceId,
      actorUserId,
      action: "token.created",
      target: `token:${created.id}`,
      details: { name, prefix: created.prefix, scope },
    });
    const { createdAt } = await tx.apiToken.findUniqueOrThrow({
      where: { id: created.id },
      select: { createdAt: true },
    });
    return { ...created, createdAt };
  });
}
