import { ApiError } from "@/lib/api/errors";
import type { Db } from "@/lib/db/prisma";

/** Revokes a token (idempotent: an already revoked token keeps its first revocation time). */
export async function revokeApiToken({ db, tokenId }: { db: Db; tokenId: string }) {
  await db.apiToken.updateMany({ where: { id: tokenId, revokedAt: null }, data: { revokedAt: new Date() } });
  const token = await db.apiToken.findUnique({
    where: { id: tokenId },
    select: { id: true, name: true, prefix: true, workspaceId: true, revokedAt: true },
  });
  if (!token) throw new ApiError("not_found", `API token ${tokenId} not found`);
  return token;
}
