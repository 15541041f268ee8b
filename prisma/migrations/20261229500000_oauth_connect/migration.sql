-- OAuth connections (issue 10: Mastodon, and issue 11 reuses them for X, LinkedIn, Meta).
-- An app Cadence registered on one server of a platform, kept and reused for every later connection there. One per
-- (platform, server, redirect URI): a changed PUBLIC_URL means a new redirect URI, which the old app does not accept.
CREATE TABLE "OAuthClient" (
  "id" TEXT NOT NULL,
  "platform" "Platform" NOT NULL,
  "serverUrl" TEXT NOT NULL,
  "redirectUri" TEXT NOT NULL,
  "clientId" TEXT NOT NULL,
  "clientSecretEnc" TEXT NOT NULL,
  "scopes" TEXT NOT NULL,
  "createdAt" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
  CONSTRAINT "OAuthClient_pkey" PRIMARY KEY ("id")
);
CREATE UNIQUE INDEX "OAuthClient_platform_serverUrl_redirectUri_key" ON "OAuthClient"("platform", "serverUrl", "redirectUri");

-- An authorization a person started and has not finished: found by the SHA-256 of its `state`, used once
-- (usedAt set by a compare-and-set), for 10 minutes. The PKCE verifier is encrypted like channel credentials.
CREATE TABLE "OAuthAuthorization" (
  "id" TEXT NOT NULL,
  "stateHash" TEXT NOT NULL,
  "platform" "Platform" NOT NULL,
  "workspaceId" TEXT NOT NULL,
  "userId" TEXT NOT NULL,
  "clientId" TEXT NOT NULL,
  "serverUrl" TEXT NOT NULL,
  "redirectUri" TEXT NOT NULL,
  "verifierEnc" TEXT NOT NULL,
  "channelId" TEXT,
  "expiresAt" TIMESTAMPTZ(3) NOT NULL,
  "usedAt" TIMESTAMPTZ(3),
  "createdAt" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
  CONSTRAINT "OAuthAuthorization_pkey" PRIMARY KEY ("id"),
  CONSTRAINT "OAuthAuthorization_clientId_fkey" FOREIGN KEY ("clientId") REFERENCES "OAuthClient"("id") ON DELETE CASCADE ON UPDATE CASCADE
);
CREATE UNIQUE INDEX "OAuthAuthorization_stateHash_key" ON "OAuthAuthorization"("stateHash");
CREATE INDEX "OAuthAuthorization_expiresAt_idx" ON "OAuthAuthorization"("expiresAt");
