import { randomUUID } from "node:crypto";
import { decryptCredentials, encryptCredentials } from "@/lib/crypto/credentials";
import type { Db } from "@/lib/db/prisma";
import type { Platform } from "@/lib/generated/prisma/enums";

/** An OAuth app registered on one server, with its secret decrypted. */
export type OAuthClientApp = {
  /** OAuthClient.id (Cadence's row), not the server's client_id. */
  id: string;
  clientId: string;
  clientSecret: string;
  scopes: string;
  redirectUri: string;
  serverUrl: string;
};

/**
 * The app Cadence registered on `serverUrl` for `platform` and `redirectUri`, registering it now (`register`, the
 * platform's dynamic registration, e.g. Mastodon's POST /api/v1/apps) when there is none. Kept in OAuthClient with
 * the secret encrypted (lib/crypto/credentials.ts), so each server sees one registration. Two connects racing
 * register twice but keep the first row (unique (platform, serverUrl, redirectUri)), and both use it.
 * Throws whatever `register` throws (nothing is written then).
 */
export async function getOrRegisterOAuthClient({
  db,
  platform,
  serverUrl,
  redirectUri,
  register,
}: {
  db: Db;
  platform: Platform;
  serverUrl: string;
  redirectUri: string;
  register: () => Promise<{ clientId: string; clientSecret: string; scopes: string }>;
}): Promise<OAuthClientApp> {
  const where = { platform_serverUrl_redirectUri: { platform, serverUrl, redirectUri } };
  let row = await db.oAuthClient.findUnique({ where });
  if (!row) {
    const app = await register();
    await db.oAuthClient.createMany({
      data: [
        {
          id: randomUUID(),
          platform,
          serverUrl,
          redirectUri,
          clientId: app.clientId,
          clientSecretEnc: encryptCredentials({ clientSecret: app.clientSecret }),
          scopes: app.scopes,
        },
      ],
      skipDuplicates: true,
    });
    row = await db.oAuthClient.findUniqueOrThrow({ where });
  }
  const { clientSecret } = decryptCredentials(row.clientSecretEnc) as { clientSecret: string };
  return { id: row.id, clientId: row.clientId, clientSecret, scopes: row.scopes, redirectUri, serverUrl };
}
