import type { Db } from "@/lib/db/prisma";
import type { OAuthNetworkLookup } from "@/lib/oauth/find-oauth-login";
import { oauthNetworkFor } from "@/lib/oauth/networks/get-oauth-network";
import { readAccountChoice } from "@/lib/oauth/read-account-choice";
import { PLATFORM_NAMES } from "@/lib/publishing/platform-names";
import type { AccountChoiceResponse } from "@/lib/schemas/oauth-connect";

/**
 * The accounts of a pending choice as the account picker shows them (GET /api/channels/connect/choices/:id):
 * platform, id, names, avatar, kind, the refusal if it cannot be connected, and whether this workspace already has
 * a channel of it (same platform and config.accountId, not deleted) — never their credentials or config.
 * Throws ApiError 404 (readAccountChoice): unknown, another workspace's or person's, used, or expired.
 */
export async function getAccountChoice({
  db,
  id,
  workspaceId,
  userId,
  networkFor = oauthNetworkFor,
  now = new Date(),
}: {
  db: Db;
  id: string;
  workspaceId: string;
  userId: string | null;
  networkFor?: OAuthNetworkLookup;
  now?: Date;
}): Promise<AccountChoiceResponse> {
  const choice = await readAccountChoice({ db, id, workspaceId, userId, now });
  const platforms = [...new Set(choice.accounts.map((a) => a.platform))];
  const existing = await db.channel.findMany({
    where: { workspaceId, deletedAt: null, platform: { in: platforms } },
    select: { platform: true, config: true },
  });
  const connected = new Set(
    existing.map((c) => `${c.platform}\n${String((c.config as Record<string, unknown> | null)?.accountId ?? "")}`),
  );
  return {
    id: choice.id,
    platform: choice.platform,
    label: networkFor(choice.platform)?.label ?? PLATFORM_NAMES[choice.platform],
    expiresAt: choice.expiresAt.toISOString(),
    accounts: choice.accounts.map((a) => ({
      platform: a.platform,
      accountId: a.accountId,
      accountName: a.accountName,
      displayName: a.displayName,
      avatarUrl: a.avatarUrl,
      kind: a.kind,
      refusal: a.refusal ?? null,
      alreadyConnected: connected.has(`${a.platform}\n${a.accountId}`),
    })),
  };
}
