import { decryptCredentials } from "@/lib/crypto/credentials";
import type { Db } from "@/lib/db/prisma";
import type { Platform } from "@/lib/generated/prisma/enums";
import type { OAuthClientApp } from "@/lib/oauth/get-or-register-oauth-client";
import { hashOAuthState } from "@/lib/oauth/hash-oauth-state";

/** Why an OAuth callback's `state` was not accepted; its message is shown to the person. */
export class OAuthStateError extends Error {
  constructor(message: string) {
    super(message);
    this.name = "OAuthStateError";
  }
}

/** A pending authorization, taken for this callback (no other callback can take it again). */
export type ConsumedAuthorization = {
  serverUrl: string;
  channelId: string | null;
  verifier: string;
  client: OAuthClientApp;
};

/**
 * Takes the pending authorization `state` names, once: a compare-and-set (usedAt null → now) on the row with that
 * state's SHA-256, the same platform, workspace and user, not expired. Throws OAuthStateError, writing nothing,
 * when there is no such row, when it is another workspace's or user's (the same message: nothing is revealed), when
 * it expired, or when it was used already.
 */
export async function consumeOAuthAuthorization({
  db,
  platform,
  state,
  workspaceId,
  userId,
  now = new Date(),
}: {
  db: Db;
  platform: Platform;
  state: string;
  workspaceId: string;
  userId: string | null;
  now?: Date;
}): Promise<ConsumedAuthorization> {
  const stateHash = hashOAuthState(state);
  const row = await db.oAuthAuthorization.findUnique({ where: { stateHash }, include: { client: true } });
  if (!row || row.platform !== platform || row.workspaceId !== workspaceId || row.userId !== userId) {
    throw new OAuthStateError("this sign-in link is unknown; start the connection again");
  }
  if (row.usedAt) throw new OAuthStateError("this sign-in link was already used; start the connection again");
  if (row.expiresAt <= now) throw new OAuthStateError("this sign-in link expired; start the connection again");
  const taken = await db.oAuthAuthorization.updateMany({
    where: { id: row.id, usedAt: null, expiresAt: { gt: now } },
    data: { usedAt: now },
  });
  if (taken.count === 0) throw new OAuthStateError("this sign-in link was already used; start the connection again");
  const { verifier } = decryptCredentials(row.verifierEnc) as { verifier: string };
  const { clientSecret } = decryptCredentials(row.client.clientSecretEnc) as { clientSecret: string };
  return {
    serverUrl: row.serverUrl,
    channelId: row.channelId,
    verifier,
    client: {
      id: row.client.id,
      clientId: row.client.clientId,
      clientSecret,
      scopes: row.client.scopes,
      redirectUri: row.redirectUri,
      serverUrl: row.client.serverUrl,
    },
  };
}
