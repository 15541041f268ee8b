import { revokeApiToken } from "@/lib/api-tokens/revoke-api-token";
import { recordAuditEvent } from "@/lib/audit/record-audit-event";
import type { Db } from "@/lib/db/prisma";

/**
 * Revokes one of `workspaceId`'s tokens from the dashboard (DELETE /api/workspace/tokens/:id) and records
 * "token.revoked" in the audit log, in one transaction. Another workspace's token (or none): 404, nothing changes.
 * Revoking a revoked token is a no-op that keeps its first revocation time and records nothing.
 */
export async function withdrawApiToken({
  db,
  workspaceId,
  actorUserId,
  tokenId,
}: {
  db: Db;
  workspaceId: string;
  actorUserId: string | null;
  tokenId: string;
}) {
  return db.$transaction(async (tx) => {
    const token = await revokeApiToken({ db: tx, tokenId, workspaceId });
    if (token.revokedNow) {
      await recordAuditEvent({
        db: tx,
        workspaceId,
        actorUserId,
        action: "token.revoked",
        target: `token:${token.id}`,
        details: { name: token.name, prefix: token.prefix },
      });
    }
    return token;
  });
}
