import { revokeApiToken } from "@/lib/api-tokens/revoke-api-token";
import { type CLI_ACTOR, recordAuditEvent } from "@/lib/audit/record-audit-event";
import type { Db } from "@/lib/db/prisma";

/**
 * Revokes one of `workspaceId`'s tokens from the dashboard (DELETE /api/workspace/tokens/:id) and records
 * "token.revoked" in the audit log (of the token's workspace), in one transaction. Another workspace's token (or
 * none): 404, nothing changes. Revoking a revoked token is a no-op that keeps its first revocation time and records
 * nothing. The operator CLI revokes by id alone: `workspaceId: null`, `by: "cli"` (actor null, `details.by` "cli").
 */
export async function withdrawApiToken({
  db,
  workspaceId,
  actorUserId,
  tokenId,
  by,
}: {
  db: Db;
  workspaceId: string | null;
  actorUserId: string | null;
  tokenId: string;
  by?: typeof CLI_ACTOR;
}) {
  return db.$transaction(async (tx) => {
    const token = await revokeApiToken({ db: tx, tokenId, workspaceId: workspaceId ?? undefined });
    if (token.revokedNow) {
      await recordAuditEvent({
        db: tx,
        workspaceId: token.workspaceId,
        actorUserId,
        action: "token.revoked",
        target: `token:${token.id}`,
        details: { name: token.name, prefix: token.prefix, ...(by ? { by } : {}) },
      });
    }
    return token;
  });
}
