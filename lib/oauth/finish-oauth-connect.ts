import { saveOAuthAccountChannel } from "@/lib/channels/save-oauth-account-channel";
import { encryptCredentials } from "@/lib/crypto/credentials";
import type { Db } from "@/lib/db/prisma";
import type { Prisma } from "@/lib/generated/prisma/client";
import { consumeOAuthAuthorization } from "@/lib/oauth/consume-oauth-authorization";
import { createAccountChoice } from "@/lib/oauth/create-account-choice";
import { type ConnectableAccount, type OAuthNetwork, OAuthNetworkError } from "@/lib/oauth/networks/types";

/** A connect that cannot finish; its message is shown on the Channels page. */
export class OAuthConnectError extends Error {
  constructor(message: string) {
    super(message);
    this.name = "OAuthConnectError";
  }
}

/** How a finished login ended: a channel connected (or reconnected), or accounts waiting to be picked. */
export type OAuthConnectOutcome =
  | { kind: "connected"; channelId: string; reconnected: boolean }
  | { kind: "choose"; choiceId: string };

/** How long one platform call of the callback may take before it is given up (ms). */
const CALL_TIMEOUT_MS = 30_000;

async function ask<T>(network: OAuthNetwork, what: string, call: () => Promise<T>): Promise<T> {
  try {
    return await call();
  } catch (err) {
    if (err instanceof OAuthNetworkError) throw new OAuthConnectError(`${network.label} ${what}: ${err.message}`);
    // Not the platform's answer (unreachable, timed out, an unexpected body): worth another try.
    throw new OAuthConnectError(`${network.label} could not be reached (${(err as Error).message}); try again`);
  }
}

/**
 * Finishes an OAuth login on its callback (GET /api/channels/connect/<platform>/callback): takes the pending
 * authorization `state` names (once; unknown, expired, used or another workspace's or person's → OAuthStateError,
 * nothing written), exchanges `code` (network.exchangeCode, with the PKCE verifier and the redirect URI the flow
 * started with) and lists the accounts the login can publish as (network.listAccounts). Then:
 * - reconnect (the authorization names a channel): the account of that channel's platform whose accountId is the
 *   channel's config.accountId gets its credentials, config, accountName and avatarUrl written and "needs
 *   reconnect" cleared; signing in as someone else (or an account now refused) is an OAuthConnectError, nothing
 *   changed;
 * - one account, which can be connected: it becomes a channel, or refreshes the workspace's channel of it
 *   (saveOAuthAccountChannel);
 * - several, or any refused: they wait for the person to pick (createAccountChoice) → { kind: "choose" }.
 * Throws OAuthConnectError with the platform's own words when the app's settings are gone, the platform refused the
 * code or the account list, or the login brought no account.
 */
export async function finishOAuthConnect({
  db,
  network,
  workspaceId,
  userId,
  code,
  state,
  now = new Date(),
}: {
  db: Db;
  network: OAuthNetwork;
  workspaceId: string;
  userId: string | null;
  code: string;
  state: string;
  now?: Date;
}): Promise<OAuthConnectOutcome> {
  const pending = await consumeOAuthAuthorization({ db, platform: network.platform, state, workspaceId, userId, now });
  const app = network.app();
  if (!app) {
    throw new OAuthConnectError(
      `${network.label} is not set up on this Cadence: the operator must set ${network.settings.join(" and ")}`,
    );
  }
  const tokens = await ask(network, "refused the sign-in", () =>
    network.exchangeCode({
      app,
      signal: AbortSignal.timeout(CALL_TIMEOUT_MS),
      code,
      verifier: pending.verifier,
      redirectUri: pending.client.redirectUri,
    }),
  );
  const accounts = await ask(network, "did not list the accounts", () =>
    network.listAccounts({ app, signal: AbortSignal.timeout(CALL_TIMEOUT_MS), tokens }),
  );
  if (pending.channelId) return reconnect({ db, network, workspaceId, channelId: pending.channelId, accounts });
  if (accounts.length === 0) {
    throw new OAuthConnectError(`this ${network.label} login has no account Cadence can publish as`);
  }
  const [only] = accounts;
  if (accounts.length === 1 && only && !only.refusal) {
    const saved = await db.$transaction((tx) => saveOAuthAccountChannel({ tx, workspaceId, account: only }));
    return { kind: "connected", channelId: saved.channelId, reconnected: !saved.created };
  }
  const { choiceId } = await createAccountChoice({
    db,
    platform: network.platform,
    workspaceId,
    userId: userId ?? "",
    accounts,
    now,
  });
  return { kind: "choose", choiceId };
}

async function reconnect({
  db,
  network,
  workspaceId,
  channelId,
  accounts,
}: {
  db: Db;
  network: OAuthNetwork;
  workspaceId: string;
  channelId: string;
  accounts: ConnectableAccount[];
}): Promise<OAuthConnectOutcome> {
  const channel = await db.channel.findFirst({
    where: { id: channelId, workspaceId, deletedAt: null, platform: { in: network.channelPlatforms } },
  });
  if (!channel) throw new OAuthConnectError("the channel to reconnect no longer exists");
  const old = (channel.config ?? {}) as Record<string, unknown>;
  const account = accounts.find((a) => a.platform === channel.platform && a.accountId === old.accountId);
  if (!account) {
    const signedInAs = accounts.map((a) => a.accountName).join(", ") || "an account without pages";
    throw new OAuthConnectError(
      `this ${network.label} login (${signedInAs}) does not include ${channel.accountName ?? channel.displayName}, ` +
        "which this channel publishes as: sign in with that account",
    );
  }
  if (account.refusal) {
    throw new OAuthConnectError(`${account.accountName} cannot be connected: ${account.refusal}`);
  }
  const config = { ...old, ...account.config, accountId: account.accountId } as Prisma.InputJsonValue;
  // New credentials are a reconnect: the refusal that put the channel in "needs reconnect" is over.
  const { count } = await db.channel.updateMany({
    where: { id: channel.id, workspaceId, deletedAt: null },
    data: {
      config,
      credentialsEnc: encryptCredentials(account.credentials),
      accountName: account.accountName,
      avatarUrl: account.avatarUrl,
      needsReconnectReason: null,
      needsReconnectAt: null,
    },
  });
  if (count === 0) throw new OAuthConnectError("the channel to reconnect no longer exists");
  return { kind: "connected", channelId: channel.id, reconnected: true };
}
