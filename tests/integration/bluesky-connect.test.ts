import { beforeEach, describe, expect, it } from "vitest";
import * as channelRoute from "@/app/api/channels/[id]/route";
import * as connectRoute from "@/app/api/channels/connect/bluesky/route";
import { CHANNEL_PALETTE } from "@/lib/channels/channel-palette";
import { markChannelNeedsReconnect } from "@/lib/channels/mark-channel-needs-reconnect";
import { decryptCredentials } from "@/lib/crypto/credentials";
import { blueskyTestPdsUrl, createBlueskyAccount } from "@/tests/helpers/bluesky-accounts";
import { callRoute, isolateAppSingletons } from "@/tests/helpers/call-route";
import { createTestChannel } from "@/tests/helpers/factories";
import { setupTestWorkspaces } from "@/tests/helpers/test-workspaces";

// Connecting a Bluesky account (issue 10) against the launcher's real PDS and PLC directory (@atproto/dev-env):
// POST /api/channels/connect/bluesky with a handle or DID and an app password.

const { db, createWorkspace } = setupTestWorkspaces({ app: isolateAppSingletons() });
let token: string;
let workspaceId: string;

beforeEach(async () => {
  const created = await createWorkspace();
  token = created.token;
  workspaceId = created.workspace.id;
});

const connect = (body: unknown) =>
  callRoute(connectRoute.POST, { method: "POST", path: "/api/channels/connect/bluesky", token, body });
const channelCount = () => db.channel.count({ where: { workspaceId } });

describe("POST /api/channels/connect/bluesky", () => {
  it("connects with a handle and an app password: account details in config, the session encrypted", async () => {
    // The workspace's first palette colour is taken: the new channel gets the next one.
    await createTestChannel(db, { workspaceId }); // takes the default colour, the palette's first
    const account = await createBlueskyAccount();
    const res = await connect({
      identifier: `@${account.handle}`,
      appPassword: account.password,
      service: account.pdsUrl,
    });
    expect(res.status).toBe(201);
    const pdsPort = new URL(blueskyTestPdsUrl()).port;
    expect(res.json).toMatchObject({
      platform: "BLUESKY",
      displayName: `@${account.handle}`,
      hasCredentials: true,
      active: true,
      config: {
        did: account.did,
        handle: account.handle,
        service: blueskyTestPdsUrl(),
        // the PDS as the account's DID document names it (the PLC directory's answer)
        pdsUrl: `http://localhost:${pdsPort}`,
        avatarUrl: null,
      },
      // who it publishes as and where, for the Channels page, and its own colour
      accountName: `@${account.handle}`,
      avatarUrl: null,
      serverUrl: `http://localhost:${pdsPort}`,
      color: CHANNEL_PALETTE[1],
      state: "connected",
    });
    expect(res.text).not.toContain(account.password);
    const stored = await db.channel.findUniqueOrThrow({ where: { id: res.json.id } });
    const sealed = stored.credentialsEnc ?? "";
    const session = decryptCredentials(sealed);
    // No JWT in clear: the session's own tokens, not "eyJ", which a base64url ciphertext can hold by chance.
    for (const jwt of [session.accessJwt, session.refreshJwt]) expect(sealed).not.toContain(String(jwt));
    expect(session).toMatchObject({ did: account.did, handle: account.handle });
    expect(Object.keys(session).sort()).toEqual(["accessJwt", "did", "handle", "refreshJwt"]);
    expect(JSON.stringify(session)).not.toContain(account.password); // the app password itself is never kept

    // The channel answer is the one GET /api/channels/:id gives.
    const read = await callRoute(channelRoute.GET, { path: "/api/channels/id", token, params: { id: res.json.id } });
    expect(read.json).toEqual(res.json);
  });

  it("resolves a DID through the PLC directory to the account's PDS (no server named)", async () => {
    const account = await createBlueskyAccount();
    const res = await connect({ identifier: account.did, appPassword: account.password });
    expect(res.status).toBe(201);
    expect(res.json.config).toMatchObject({ did: account.did, handle: account.handle });
    // signed in at the PDS the DID document names (localhost), since no server was given
    expect(res.json.config.service).toBe(res.json.config.pdsUrl);
  });

  it("a wrong app password is a 422 naming the account; nothing is written", async () => {
    const account = await createBlueskyAccount();
    const res = await connect({
      identifier: account.handle,
      appPassword: "aaaa-bbbb-cccc-dddd",
      service: account.pdsUrl,
    });
    expect(res.status).toBe(422);
    expect(res.json.error.message).toContain(`refused the app password for @${account.handle}`);
    expect(res.json.error.message).toContain("App passwords");
    expect(await channelCount()).toBe(0);
  });

  it("an unknown handle is a 422 naming it; the account's own password is a 400", async () => {
    const missing = await connect({
      identifier: "nobody-here.test",
      appPassword: "aaaa-bbbb-cccc-dddd",
      service: blueskyTestPdsUrl(),
    });
    expect(missing.status).toBe(422);
    expect(missing.json.error.message).toContain("does not know the handle nobody-here.test");

    const account = await createBlueskyAccount();
    const own = await connect({
      identifier: account.handle,
      appPassword: account.accountPassword,
      service: account.pdsUrl,
    });
    expect(own.status).toBe(400);
    expect(own.json.error.details).toEqual([
      expect.objectContaining({ path: "appPassword", message: expect.stringContaining("must be an app password") }),
    ]);
    const notHandle = await connect({ identifier: "not a handle", appPassword: account.password });
    expect(notHandle.status).toBe(422);
    expect(notHandle.json.error.message).toContain("neither a handle nor a DID");
    // a server the outbound guard refuses (the test profile allows only 127.0.0.1) is never asked
    const lan = await connect({
      identifier: account.handle,
      appPassword: account.password,
      service: "http://10.0.0.1",
    });
    expect(lan.status).toBe(422);
    expect(lan.json.error.message).toContain("10.0.0.1, a private address");
    expect(await channelCount()).toBe(0);
  });

  it("reconnect (channelId) replaces the session and keeps the channel; the same account twice is a 409", async () => {
    const account = await createBlueskyAccount();
    const body = { identifier: account.handle, appPassword: account.password, service: account.pdsUrl };
    const first = await connect(body);
    expect(first.status).toBe(201);
    await db.channel.update({
      where: { id: first.json.id },
      data: { displayName: "Our Bluesky", color: "#dc2626", accountName: null, serverUrl: null },
    });
    await markChannelNeedsReconnect({ db, channelId: first.json.id, reason: "the session was revoked" });
    const before = decryptCredentials(
      (await db.channel.findUniqueOrThrow({ where: { id: first.json.id } })).credentialsEnc ?? "",
    );

    const again = await connect(body);
    expect(again.status).toBe(409);
    expect(again.json.error.message).toContain(first.json.id);

    const reconnected = await connect({ ...body, channelId: first.json.id });
    expect(reconnected.status).toBe(201);
    expect(reconnected.json).toMatchObject({
      id: first.json.id,
      displayName: "Our Bluesky",
      config: { did: account.did },
      // connected again, the account shown again, the person's colour kept
      state: "connected",
      stateReason: null,
      accountName: `@${account.handle}`,
      serverUrl: first.json.serverUrl,
      color: "#dc2626",
    });
    expect(first.json.serverUrl).toMatch(/^http:\/\/localhost:\d+$/);
    const after = decryptCredentials(
      (await db.channel.findUniqueOrThrow({ where: { id: first.json.id } })).credentialsEnc ?? "",
    );
    expect(after.refreshJwt).not.toBe(before.refreshJwt);
    expect(await channelCount()).toBe(1);

    // another account's app password cannot take the channel over
    const other = await createBlueskyAccount();
    const takeover = await connect({
      identifier: other.handle,
      appPassword: other.password,
      service: other.pdsUrl,
      channelId: first.json.id,
    });
    expect(takeover.status).toBe(422);
    expect(takeover.json.error.message).toContain("connect that account as a new channel");

    // another workspace's channel is 404
    const elsewhere = await createWorkspace();
    const foreign = await callRoute(connectRoute.POST, {
      method: "POST",
      path: "/api/channels/connect/bluesky",
      token: elsewhere.token,
      body: { ...body, channelId: first.json.id },
    });
    expect(foreign.status).toBe(404);
  });
});
