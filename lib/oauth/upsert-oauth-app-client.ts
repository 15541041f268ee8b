import { randomUUID } from "node:crypto";
import { encryptCredentials } from "@/lib/crypto/credentials";
import type { Db } from "@/lib/db/prisma";
import type { Platform } from "@/lib/generated/prisma/enums";
import type { OAuthClientApp } from "@/lib/oauth/get-or-register-oauth-client";
import type { OAuthApp } from "@/lib/oauth/networks/types";

/**
 * The OAuthClient row for an app the operator registered by hand on a platform's developer portal (its client id and
 * secret are settings: OAuthNetwork.app()), keyed like a dynamically registered one by (platform, serverUrl — the
 * authorize endpoint's origin —, redirectUri). Upserted on every connect, so a client id or secret changed in the
 * settings is the one used from then on; the secret is stored encrypted (lib/crypto/credentials.ts). Returns the
 * row with the secret as given.
 */
export async function upsertOAuthAppClient({
  db,
  platform,
  serverUrl,
  redirectUri,
  app,
  scopes,
}: {
  db: Db;
  platform: Platform;
  serverUrl: string;
  redirectUri: string;
  app: OAuthApp;
  scopes: string;
}): Promise<OAuthClientApp> {
  const clientSecretEnc = encryptCredentials({ clientSecret: app.clientSecret });
  const row = await db.oAuthClient.upsert({
    where: { platform_serverUrl_redirectUri: { platform, serverUrl, redirectUri } },
    create: { id: randomUUID(), platform, serverUrl, redirectUri, clientId: app.clientId, clientSecretEnc, scopes },
    update: { clientId: app.clientId, clientSecretEnc, scopes },
  });
  return { id: row.id, clientId: row.clientId, clientSecret: app.clientSecret, scopes, redirectUri, serverUrl };
}
