import { runScript } from "./helpers";

// Seed data for the specs, made by the test factories (tests/helpers/factories.ts) in a tsx child process
// (see e2e/seed.ts for why). Every spec creates its own workspaces and removes them afterwards.

const seed = <T>(command: Record<string, unknown>) => runScript<T>("e2e/seed.ts", command);

export type SeededWorkspace = { workspaceId: string; token: string; channelId: string };

/** A workspace in `timezone` with an API token and one SANDBOX channel. */
export function seedWorkspace(name: string, timezone: string): Promise<SeededWorkspace> {
  return seed({ op: "workspace", name, timezone });
}

/** A channel with the account and server a connect flow would record, optionally in "needs reconnect". */
export function seedChannel(channel: {
  workspaceId: string;
  platform: string;
  displayName: string;
  accountName?: string;
  serverUrl?: string;
  needsReconnectReason?: string;
}): Promise<{ id: string }> {
  return seed({ op: "channel", ...channel });
}

export function revokeTokens(workspaceId: string): Promise<unknown> {
  return seed({ op: "revoke-tokens", workspaceId });
}

export type SeededUser = { userId: string; email: string; password: string };

/**
 * A user who can sign in, member of `workspaceIds` (`role`, default OWNER, of the first). Remove with
 * removeWorkspaces(…, [userId]).
 */
export function seedUser(
  workspaceIds: string[],
  { email, password, role }: { email?: string; password?: string; role?: string } = {},
) {
  return seed<SeededUser>({ op: "user", workspaceIds, email, password, role });
}

export function removeWorkspaces(workspaceIds: string[], userIds: string[] = []): Promise<unknown> {
  return seed({ op: "cleanup", workspaceIds, userIds });
}

export function dropQueue(queueName: string): Promise<unknown> {
  return seed({ op: "drop-queue", queueName });
}

/** Forgets the sign-in rate-limit counters of these accounts and client addresses. */
export function clearSignInLimits(emails: string[], addresses: string[]): Promise<unknown> {
  return seed({ op: "clear-sign-in-limits", emails, addresses });
}

/** Sign-in attempts counted against a client address in the current window. */
export function signInAddressCount(address: string): Promise<number> {
  return seed<number>({ op: "sign-in-address-count", address });
}

/** An account on the launcher's real Bluesky PDS, with an app password (tests/helpers/bluesky-accounts.ts). */
export type SeededBlueskyAccount = { handle: string; did: string; password: string; pdsUrl: string };
export function seedBlueskyAccount(prefix: string): Promise<SeededBlueskyAccount> {
  return seed({ op: "bluesky-account", prefix });
}

/** A confirmed account on the launcher's GoToSocial, signing in by email (tests/helpers/mastodon-accounts.ts). */
export type SeededMastodonAccount = { serverUrl: string; username: string; email: string; password: string };
export function seedMastodonAccount(prefix: string): Promise<SeededMastodonAccount> {
  return seed({ op: "mastodon-account", prefix });
}

/** The account's statuses on its Mastodon server (GET /api/v1/accounts/:id/statuses), newest first. */
export type SeededStatus = { id: string; url: string | null; uri: string; content: string };
export function listMastodonStatuses(account: SeededMastodonAccount): Promise<SeededStatus[]> {
  const { serverUrl, email, password } = account;
  return seed({ op: "mastodon-statuses", serverUrl, email, password });
}

/** The accounts an OAuth login brought, waiting in the account picker (?choose=<choiceId>) for this user. */
export function seedAccountChoice(choice: {
  workspaceId: string;
  userId: string;
  accounts: Record<string, unknown>[];
}): Promise<{ choiceId: string }> {
  return seed({ op: "account-choice", ...choice });
}
