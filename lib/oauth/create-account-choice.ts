import { randomBytes } from "node:crypto";
import { encryptCredentials } from "@/lib/crypto/credentials";
import type { Db } from "@/lib/db/prisma";
import type { Platform } from "@/lib/generated/prisma/enums";
import type { ConnectableAccount } from "@/lib/oauth/networks/types";

/** How long a person has to pick the accounts of a login (the same as the sign-in itself). */
export const ACCOUNT_CHOICE_TTL_MS = 10 * 60_000;

/**
 * Keeps the accounts one OAuth login brought until the person picks which to connect (OAuthAccountChoice): the
 * candidates, tokens included, encrypted (lib/crypto/credentials.ts); scoped to `workspaceId` and `userId`; single
 * use; expiring in ACCOUNT_CHOICE_TTL_MS (10 minutes). Choices expired for over a day are deleted here. Returns the
 * choice's id (24 random bytes, base64url: it is in the Channels page's URL, ?choose=<id>).
 */
export async function createAccountChoice({
  db,
  platform,
  workspaceId,
  userId,
  accounts,
  now = new Date(),
}: {
  db: Db;
  platform: Platform;
  workspaceId: string;
  userId: string;
  accounts: ConnectableAccount[];
  now?: Date;
}): Promise<{ choiceId: string; expiresAt: Date }> {
  await db.oAuthAccountChoice.deleteMany({ where: { expiresAt: { lt: new Date(now.getTime() - 86_400_000) } } });
  const choiceId = randomBytes(24).toString("base64url");
  const expiresAt = new Date(now.getTime() + ACCOUNT_CHOICE_TTL_MS);
  await db.oAuthAccountChoice.create({
    data: {
      id: choiceId,
      platform,
      workspaceId,
      userId,
      candidatesEnc: encryptCredentials({ accounts }),
      expiresAt,
    },
  });
  return { choiceId, expiresAt };
}
