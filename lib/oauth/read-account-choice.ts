import { ApiError } from "@/lib/api/errors";
import { decryptCredentials } from "@/lib/crypto/credentials";
import type { Db } from "@/lib/db/prisma";
import type { Platform } from "@/lib/generated/prisma/enums";
import type { ConnectableAccount } from "@/lib/oauth/networks/types";

/** A pending choice with its candidates decrypted (secrets included: never sent to a client as is). */
export type PendingAccountChoice = {
  id: string;
  platform: Platform;
  expiresAt: Date;
  accounts: ConnectableAccount[];
};

/**
 * The pending account choice `id` of this workspace and user (OAuthAccountChoice), decrypted. Throws ApiError 404
 * with the reason when there is none (or it is another workspace's or person's: the same answer, nothing revealed),
 * when it was used already, or when it expired — in each case the person starts the connection again.
 */
export async function readAccountChoice({
  db,
  id,
  workspaceId,
  userId,
  now = new Date(),
}: {
  db: Pick<Db, "oAuthAccountChoice">;
  id: string;
  workspaceId: string;
  userId: string | null;
  now?: Date;
}): Promise<PendingAccountChoice> {
  const row = await db.oAuthAccountChoice.findFirst({ where: { id, workspaceId, userId: userId ?? "" } });
  if (!row) throw new ApiError("not_found", `Account choice ${id} not found: start the connection again`);
  if (row.usedAt) {
    throw new ApiError("not_found", "These accounts were already picked: start the connection again to add others");
  }
  if (row.expiresAt <= now) {
    throw new ApiError("not_found", "This account choice expired (10 minutes): start the connection again");
  }
  const { accounts } = decryptCredentials(row.candidatesEnc) as { accounts: ConnectableAccount[] };
  return { id: row.id, platform: row.platform, expiresAt: row.expiresAt, accounts };
}
