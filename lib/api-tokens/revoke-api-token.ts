import { ApiError } from "@/lib/api/errors";
import type { Db } from "@/lib/db/prisma";

/**
 * Revokes a token (idempotent: an already revoked token keeps its first revocation time). With `workspaceId` (every
 * API caller) only that workspace's token: another workspace's is 404, untouched. The operator CLI passes none.
 * `revokedNow`: this call revoked it (false when it already was).
 */
export async function revokeApiToken({
  db,
  tokenId,
  workspaceId,
}: {
  db: Pick<Db, "apiToken">;
  tokenId: string;
  workspaceId?: string;
}) {
  const { count } = await db.apiToken.updateMany({
    where: { id: tokenId, workspaceId, revokedAt: null },
    data: { revokedAt: new Date() },
  });
  const token = await db.apiToken.findFirst({
    where: { id: tokenId, workspaceId },
    select: { id: true, name: true, prefix: true, workspaceId: true, revokedAt: true },
  });
  if (!token) throw new ApiError("not_found", `API token ${tokenId} not found`);
  return { ...token, revokedNow: count === 1 };
}
