import { pickChannelColor } from "@/lib/channels/pick-channel-color";
import { encryptCredentials } from "@/lib/crypto/credentials";
import type { Prisma } from "@/lib/generated/prisma/client";
import type { ConnectableAccount } from "@/lib/oauth/networks/types";

/** Namespace of the per-account connect lock (key 2 is hashtext(workspace, platform, account id)); "OACC" in ASCII. */
const LOCK_CLASS = 0x4f414343;

/**
 * Makes one account an OAuth login brought (ConnectableAccount) a channel of the workspace, inside the caller's
 * transaction `tx`: the channel of the same platform whose config.accountId is the account's, if the workspace has
 * one (not deleted), gets the new credentials, config (its own keys kept, the account's laid over them),
 * accountName and avatarUrl, and leaves "needs reconnect"; otherwise a channel is created (displayName from the
 * account, the workspace's next palette colour: pickChannelColor). Two connects of the same account at once are
 * serialised by a transaction-scoped advisory lock, so they never make two channels. Credentials are sealed
 * (lib/crypto/credentials.ts). Returns the channel's id and name and whether it was created. The account must not be refused
 * (ConnectableAccount.refusal): the callers check.
 */
export async function saveOAuthAccountChannel({
  tx,
  workspaceId,
  account,
}: {
  tx: Prisma.TransactionClient;
  workspaceId: string;
  account: ConnectableAccount;
}): Promise<{ channelId: string; displayName: string; created: boolean }> {
  await tx.$executeRaw`SELECT pg_advisory_xact_lock(${LOCK_CLASS}::int4, hashtext(${`${workspaceId}\n${account.platform}\n${account.accountId}`}))`;
  const existing = await tx.channel.findFirst({
    where: {
      workspaceId,
      platform: account.platform,
      deletedAt: null,
      config: { path: ["accountId"], equals: account.accountId },
    },
    orderBy: { createdAt: "asc" },
  });
  const credentialsEnc = encryptCredentials(account.credentials);
  const who = { accountName: account.accountName, avatarUrl: account.avatarUrl, serverUrl: null };
  if (existing) {
    const old = (existing.config ?? {}) as Record<string, unknown>;
    const config = { ...old, ...account.config, accountId: account.accountId } as Prisma.InputJsonValue;
    await tx.channel.update({
      where: { id: existing.id },
      data: { config, credentialsEnc, ...who, needsReconnectReason: null, needsReconnectAt: null },
    });
    return { channelId: existing.id, displayName: existing.displayName, created: false };
  }
  const created = await tx.channel.create({
    data: {
      workspaceId,
      platform: account.platform,
      displayName: account.displayName.slice(0, 100),
      color: await pickChannelColor({ db: tx, workspaceId }),
      config: { ...account.config, accountId: account.accountId } as Prisma.InputJsonValue,
      credentialsEnc,
      ...who,
    },
  });
  return { channelId: created.id, displayName: created.displayName, created: true };
}
