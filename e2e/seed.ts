import { Queue } from "bullmq";
import { signInLimitKeys } from "@/lib/auth/sign-in-rate-limit";
import { markChannelNeedsReconnect } from "@/lib/channels/mark-channel-needs-reconnect";
import { createPrismaClient } from "@/lib/db/prisma";
import { createRedis } from "@/lib/db/redis";
import type { MembershipRole, Platform } from "@/lib/generated/prisma/enums";
import { createAccountChoice } from "@/lib/oauth/create-account-choice";
import type { ConnectableAccount } from "@/lib/oauth/networks/types";
import { workerHeartbeatPattern } from "@/lib/queue/status-keys";
import { createBlueskyAccount } from "@/tests/helpers/bluesky-accounts";
import { createTestChannel, createTestUser, createTestWorkspace } from "@/tests/helpers/factories";
import { createMastodonAccount, obtainMastodonToken } from "@/tests/helpers/mastodon-accounts";
import { mastodonApi } from "@/tests/helpers/mastodon-publisher";

// Runs the test factories for the Playwright specs, in a tsx process: Playwright's own TypeScript loader
// compiles to CommonJS and cannot load the ESM Prisma client (it uses import.meta). One JSON command in argv,
// one JSON answer on stdout. Called through e2e/factories.ts.

type Command =
  | { op: "workspace"; name: string; timezone: string }
  | { op: "revoke-tokens"; workspaceId: string }
  | { op: "user"; workspaceIds: string[]; email?: string; password?: string; role?: MembershipRole }
  | { op: "cleanup"; workspaceIds: string[]; userIds?: string[] }
  | { op: "drop-queue"; queueName: string }
  | { op: "clear-sign-in-limits"; emails: string[]; addresses: string[] }
  | { op: "sign-in-address-count"; address: string }
  | { op: "bluesky-account"; prefix?: string }
  | { op: "mastodon-account"; prefix?: string }
  | { op: "mastodon-statuses"; serverUrl: string; email: string; password: string }
  | { op: "account-choice"; workspaceId: string; userId: string; accounts: ConnectableAccount[] }
  | {
      op: "channel";
      workspaceId: string;
      platform: Platform;
      displayName: string;
      accountName?: string;
      serverUrl?: string;
      needsReconnectReason?: string;
    };

async function run(cmd: Command, db: ReturnType<typeof createPrismaClient>): Promise<unknown> {
  switch (cmd.op) {
    case "workspace": {
      const { workspace, token } = await createTestWorkspace(db, { timezone: cmd.timezone, name: cmd.name });
      const channel = await createTestChannel(db, {
        workspaceId: workspace.id,
        platform: "SANDBOX",
        displayName: "E2E sandbox",
      });
      return { workspaceId: workspace.id, token, channelId: channel.id };
    }
    case "channel": {
      // A channel as a connect flow leaves it (account, server), optionally refused since (needs reconnect).
      const channel = await createTestChannel(db, {
        workspaceId: cmd.workspaceId,
        platform: cmd.platform,
        displayName: cmd.displayName,
        config: cmd.platform === "WEBHOOK" ? { url: "https://hooks.example.test/in" } : {},
        credentials: cmd.platform === "WEBHOOK" ? { secret: "an-e2e-secret-of-length" } : undefined,
      });
      await db.channel.update({
        where: { id: channel.id },
        data: { accountName: cmd.accountName ?? null, serverUrl: cmd.serverUrl ?? null },
      });
      if (cmd.needsReconnectReason) {
        await markChannelNeedsReconnect({ db, channelId: channel.id, reason: cmd.needsReconnectReason });
      }
      return { id: channel.id };
    }
    case "bluesky-account":
      // An account on the launcher's real PDS, with an app password (tests/helpers/bluesky-accounts.ts).
      return createBlueskyAccount({ prefix: cmd.prefix });
    case "mastodon-account":
      // A confirmed account on the launcher's GoToSocial (tests/helpers/mastodon-accounts.ts).
      return createMastodonAccount({ prefix: cmd.prefix });
    case "mastodon-statuses": {
      // The account's statuses as its server lists them (GET /api/v1/accounts/:id/statuses), with a token of its own.
      const token = await obtainMastodonToken({ serverUrl: cmd.serverUrl, email: cmd.email, password: cmd.password });
      const me = await mastodonApi<{ id: string }>(cmd.serverUrl, token, "/api/v1/accounts/verify_credentials");
      const statuses = await mastodonApi<Array<{ id: string; url: string | null; uri: string; content: string }>>(
        cmd.serverUrl,
        token,
        `/api/v1/accounts/${me.id}/statuses?limit=40`,
      );
      return statuses.map(({ id, url, uri, content }) => ({ id, url, uri, content }));
    }
    case "account-choice":
      // What an OAuth login's callback leaves when it brought several accounts (lib/oauth/finish-oauth-connect.ts).
      return createAccountChoice({
        db,
        platform: "FACEBOOK",
        workspaceId: cmd.workspaceId,
        userId: cmd.userId,
        accounts: cmd.accounts,
      });
    case "revoke-tokens":
      await db.apiToken.updateMany({ where: { workspaceId: cmd.workspaceId }, data: { revokedAt: new Date() } });
      return {};
    case "user":
      return createTestUser(db, {
        workspaceIds: cmd.workspaceIds,
        email: cmd.email,
        password: cmd.password,
        role: cmd.role,
      });
    case "cleanup":
      // Users first (their sessions and memberships cascade), then workspaces (tokens, channels, posts, …).
      if (cmd.userIds?.length) await db.user.deleteMany({ where: { id: { in: cmd.userIds } } });
      await db.workspace.deleteMany({ where: { id: { in: cmd.workspaceIds } } });
      return {};
    case "drop-queue": {
      const redis = createRedis("worker");
      const queue = new Queue(cmd.queueName, { connection: redis });
      try {
        await queue.obliterate({ force: true });
        const keys = await redis.keys(workerHeartbeatPattern(cmd.queueName).replace(/worker:\*$/, "*"));
        if (keys.length) await redis.del(...keys);
      } finally {
        await queue.close();
        redis.disconnect();
      }
      return {};
    }
    case "sign-in-address-count": {
      const redis = createRedis("worker");
      try {
        return Number((await redis.get(signInLimitKeys("", cmd.address).address)) ?? 0);
      } finally {
        redis.disconnect();
      }
    }
    case "clear-sign-in-limits": {
      const redis = createRedis("worker");
      try {
        const keys = [
          ...cmd.emails.map((e) => signInLimitKeys(e.toLowerCase(), "").account),
          ...cmd.addresses.map((a) => signInLimitKeys("", a).address),
        ];
        if (keys.length) await redis.del(...keys);
      } finally {
        redis.disconnect();
      }
      return {};
    }
  }
}

async function main() {
  const cmd = JSON.parse(process.argv[2] ?? "{}") as Command;
  const db = createPrismaClient();
  try {
    process.stdout.write(`${JSON.stringify(await run(cmd, db))}\n`);
  } finally {
    await db.$disconnect();
  }
}

main().catch((err: unknown) => {
  console.error(err);
  process.exit(1);
});
