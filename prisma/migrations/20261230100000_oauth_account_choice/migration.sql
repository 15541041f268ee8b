-- Issue 11: one OAuth login can bring several accounts (a Meta login: Facebook Pages and Instagram accounts, a
-- LinkedIn login: the member and their organisation pages). When it brings more than one (or some cannot be
-- connected), the accounts wait here for the person to pick which become channels: scoped to the workspace and
-- user who signed in, used once (usedAt set by a compare-and-set), for 10 minutes. The candidates hold tokens, so
-- they are encrypted like channel credentials (lib/crypto/credentials.ts).
CREATE TABLE "OAuthAccountChoice" (
  "id" TEXT NOT NULL,
  "platform" "Platform" NOT NULL,
  "workspaceId" TEXT NOT NULL,
  "userId" TEXT NOT NULL,
  "candidatesEnc" TEXT NOT NULL,
  "expiresAt" TIMESTAMPTZ(3) NOT NULL,
  "usedAt" TIMESTAMPTZ(3),
  "createdAt" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
  CONSTRAINT "OAuthAccountChoice_pkey" PRIMARY KEY ("id")
);
CREATE INDEX "OAuthAccountChoice_expiresAt_idx" ON "OAuthAccountChoice"("expiresAt");
