import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { decryptCredentials } from "@/lib/crypto/credentials";
import { getSql } from "@/lib/db/sql";
import type { Platform } from "@/lib/generated/prisma/enums";
import { refreshExpiringTokens } from "@/lib/oauth/refresh-expiring-tokens";
import { createTestChannel } from "@/tests/helpers/factories";
import { createTestOAuthNetwork } from "@/tests/helpers/test-oauth-network";
import { setupTestWorkspaces } from "@/tests/helpers/test-workspaces";
import { type GenericOAuthState, genericOAuthStub } from "@/tests/stubs/generic-oauth";
import { type StubServer, startStubServer } from "@/tests/stubs/stub-server";

// The worker's proactive token refresh (lib/oauth/refresh-expiring-tokens.ts) against the generic OAuth stub, with a
// test-only network passed in as the lookup (no platform's network is in the registry on this branch).
const { db, createWorkspace } = setupTestWorkspaces({ sql: true });
const DAY = 86_400_000;
const AHEAD = 3 * DAY;

let stub: StubServer;
let provider: GenericOAuthState;
const network = createTestOAuthNetwork({ url: () => stub.url });
const networkFor = (p: Platform) => (network.channelPlatforms.includes(p) ? network : null);
const run = () => refreshExpiringTokens({ db, pool: getSql(), aheadMs: AHEAD, networkFor });

beforeAll(async () => {
  const made = genericOAuthStub();
  provider = made.state;
  stub = await startStubServer(made.routes);
});
afterAll(() => stub.close());

let workspaceId: string;
beforeEach(async () => {
  stub.reset();
  provider.refreshes = 0;
  provider.tokenDelayMs = 0;
  network.appCredentials = { clientId: "test-client", clientSecret: "test-secret" };
  workspaceId = (await createWorkspace({ name: "Refresh" })).workspace.id;
});

/** A Meta-shaped channel whose token expires in `inMs`, with a refresh token the stub knows (or not). */
async function channelExpiringIn(inMs: number, { known = true, platform = "FACEBOOK" as Platform } = {}) {
  const refreshToken = `rt_seed_${Math.random().toString(36).slice(2)}`;
  if (known) provider.refreshTokens.set(refreshToken, true);
  return createTestChannel(db, {
    workspaceId,
    platform,
    config: { accountId: `acct-${refreshToken}` },
    credentials: {
      accessToken: "at_old",
      refreshToken,
      expiresAt: new Date(Date.now() + inMs).toISOString(),
      scope: "publish",
      pageToken: "page-kept",
    },
  });
}

const credentialsOf = async (id: string) =>
  decryptCredentials((await db.channel.findUniqueOrThrow({ where: { id } })).credentialsEnc ?? "") as Record<
    string,
    unknown
  >;

describe("refreshing OAuth tokens ahead of expiry", () => {
  it("a token expiring within the window is refreshed once even with two refreshers at once; others are left alone", async () => {
    const soon = await channelExpiringIn(DAY);
    const expired = await channelExpiringIn(-DAY, { platform: "INSTAGRAM" });
    const later = await channelExpiringIn(10 * DAY);
    const laterBefore = (await db.channel.findUniqueOrThrow({ where: { id: later.id } })).credentialsEnc;
    provider.tokenDelayMs = 150;

    const [a, b] = await Promise.all([run(), run()]);
    // One platform refresh per expiring channel, although both runs found both expiring.
    expect(provider.refreshes).toBe(2);
    expect(stub.received("POST", "/oauth/token")).toHaveLength(2);
    expect(a.failed + b.failed + a.needsReconnect + b.needsReconnect).toBe(0);
    expect(a.checked).toBe(3);
    for (const channel of [soon, expired]) {
      const fresh = await credentialsOf(channel.id);
      expect(fresh.accessToken).toMatch(/^at_(?!old)/);
      expect(Date.parse(String(fresh.expiresAt))).toBeGreaterThan(Date.now() + 59 * DAY);
      expect(fresh.pageToken).toBe("page-kept"); // the network's own fields stay
      expect((await db.channel.findUniqueOrThrow({ where: { id: channel.id } })).needsReconnectReason).toBeNull();
    }
    expect((await db.channel.findUniqueOrThrow({ where: { id: later.id } })).credentialsEnc).toBe(laterBefore);

    // The next run finds nothing to do.
    const next = await run();
    expect(next).toMatchObject({ checked: 3, expiring: 0, refreshed: 0 });
    expect(provider.refreshes).toBe(2);
  });

  it("a refused refresh puts the channel in needs-reconnect with the platform's words; it is not tried again", async () => {
    const revoked = await channelExpiringIn(DAY, { known: false });
    const result = await run();
    expect(result).toMatchObject({ expiring: 1, refreshed: 0, needsReconnect: 1, failed: 0 });
    const channel = await db.channel.findUniqueOrThrow({ where: { id: revoked.id } });
    expect(channel.needsReconnectReason).toBe(
      "Test Meta refused to renew the access token: The refresh token was revoked by the user",
    );
    expect(channel.needsReconnectAt).not.toBeNull();
    expect((await credentialsOf(revoked.id)).accessToken).toBe("at_old");
    const again = await run();
    expect(again.checked).toBe(0);
    expect(stub.received("POST", "/oauth/token")).toHaveLength(1);
  });

  it("an unreachable or failing platform, or missing app settings, are retried next run without needs-reconnect", async () => {
    const channel = await channelExpiringIn(DAY);
    stub.fail({
      match: { method: "POST", path: "/oauth/token" },
      fail: { status: 503, json: { error: "temporarily_unavailable", error_description: "try later" } },
    });
    expect(await run()).toMatchObject({ expiring: 1, refreshed: 0, needsReconnect: 0, failed: 1 });
    network.appCredentials = null;
    expect(await run()).toMatchObject({ expiring: 1, refreshed: 0, needsReconnect: 0, failed: 1 });
    expect((await db.channel.findUniqueOrThrow({ where: { id: channel.id } })).needsReconnectReason).toBeNull();
    network.appCredentials = { clientId: "test-client", clientSecret: "test-secret" };
    expect(await run()).toMatchObject({ expiring: 1, refreshed: 1, failed: 0 });
    expect((await credentialsOf(channel.id)).accessToken).not.toBe("at_old");
  });

  it("deleted channels, channels already needing reconnect and logins without refresh are skipped", async () => {
    const deleted = await channelExpiringIn(DAY);
    await db.channel.update({ where: { id: deleted.id }, data: { deletedAt: new Date() } });
    const waiting = await channelExpiringIn(DAY);
    await db.channel.update({
      where: { id: waiting.id },
      data: { needsReconnectAt: new Date(), needsReconnectReason: "revoked" },
    });
    expect(await run()).toMatchObject({ checked: 0, expiring: 0 });
    await channelExpiringIn(DAY);
    const withoutRefresh = { ...network, refresh: undefined };
    const result = await refreshExpiringTokens({
      db,
      pool: getSql(),
      aheadMs: AHEAD,
      networkFor: (p) => (network.channelPlatforms.includes(p) ? withoutRefresh : null),
    });
    expect(result).toMatchObject({ checked: 0, expiring: 0 });
    expect(stub.received("POST", "/oauth/token")).toHaveLength(0);
  });
});
