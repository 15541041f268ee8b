import { afterEach, beforeEach, describe, expect, it } from "vitest";
import * as rotateRoute from "@/app/api/channels/[id]/rotate-secret/route";
import * as channelRoute from "@/app/api/channels/[id]/route";
import * as channelsRoute from "@/app/api/channels/route";
import { createChannel } from "@/lib/channels/create-channel";
import { decryptCredentials } from "@/lib/crypto/credentials";
import { getSql } from "@/lib/db/sql";
import type { Channel } from "@/lib/generated/prisma/client";
import { type OutboundPolicy, parseAllowCidrs, type Resolve } from "@/lib/net/outbound-guard";
import type { PlatformAdapter, PublishRequest } from "@/lib/publishing/networks/types";
import { createWebhookAdapter } from "@/lib/publishing/networks/webhook/adapter";
import { claimPostLease } from "@/lib/publishing/post-lease";
import { openPublication, publishPost } from "@/lib/publishing/publish-post";
import { callRoute, isolateAppSingletons } from "@/tests/helpers/call-route";
import { createTestChannel, createTestPost } from "@/tests/helpers/factories";
import { detachedStore } from "@/tests/helpers/publish-request";
import { setupTestWorkspaces } from "@/tests/helpers/test-workspaces";
import { startWebhookReceiver, verifyCadenceSignature, type WebhookReceiver } from "@/tests/helpers/webhook-receiver";

// The outbound guard end to end, against a real HTTP receiver on 127.0.0.1 and the real database: what the
// operator allows, what DNS says at check time versus connect time, signatures across a secret rotation, and
// what of a receiver's answer is stored.

const { db, createWorkspace } = setupTestWorkspaces({ app: isolateAppSingletons(), sql: true });
const SECRET = "webhook-secret-0123456789";
const PUBLIC_ONLY: OutboundPolicy = { allowCidrs: [] };
const LOOPBACK_ALLOWED: OutboundPolicy = { allowCidrs: parseAllowCidrs("127.0.0.1/32") };
let receiver: WebhookReceiver;
let workspaceId: string;
let token: string;

beforeEach(async () => {
  receiver = await startWebhookReceiver({ secret: SECRET });
  const created = await createWorkspace();
  workspaceId = created.workspace.id;
  token = created.token;
});
afterEach(() => receiver.close());

const request = (channel: Channel, credentials: Record<string, unknown> = { secret: SECRET }): PublishRequest => ({
  post: {
    id: "post-1",
    workspaceId,
    content: "hello",
    mediaUrls: [],
    media: [],
    tags: [],
    scheduledAt: null,
  },
  channel: { id: channel.id, displayName: channel.displayName, platform: "WEBHOOK", config: channel.config },
  credentials,
  idempotencyKey: `key-${channel.id}`,
  signal: new AbortController().signal,
  ...detachedStore(credentials),
});
const webhookChannel = (url = receiver.url) =>
  createTestChannel(db, { workspaceId, platform: "WEBHOOK", config: { url }, credentials: { secret: SECRET } });
const failureOf = (p: Promise<unknown>) =>
  p.then(
    () => {
      throw new Error("expected the publish to fail");
    },
    (err: Error & { kind?: string }) => ({ kind: err.kind, message: err.message }),
  );

describe("the loopback receiver and the operator setting", () => {
  it("is refused without the setting: nothing reaches it", async () => {
    const channel = await webhookChannel();
    const adapter = createWebhookAdapter({ policy: () => PUBLIC_ONLY });
    expect(await failureOf(adapter.publish(request(channel)))).toEqual({
      kind: "permanent",
      message: "webhook url refused: it is 127.0.0.1, a loopback address",
    });
    expect(receiver.deliveries).toHaveLength(0);
  });

  it("works with OUTBOUND_ALLOW_CIDRS=127.0.0.1/32, signed and keyed", async () => {
    const channel = await webhookChannel();
    const receipt = await createWebhookAdapter({ policy: () => LOOPBACK_ALLOWED }).publish(request(channel));
    expect(receipt).toEqual({
      platformPostId: `hook-key-${channel.id}`,
      url: `http://receiver.test/posts/key-${channel.id}`,
      httpStatus: 200,
    });
    expect(receiver.deliveries).toHaveLength(1);
    expect(receiver.deliveries[0]).toMatchObject({ signatureValid: true, idempotencyKey: `key-${channel.id}` });
  });

  it("the test profile's env (the default adapter) carries the setting", async () => {
    expect(process.env.OUTBOUND_ALLOW_CIDRS).toBe("127.0.0.1/32");
    const channel = await webhookChannel();
    await createWebhookAdapter().publish(request(channel));
    expect(receiver.deliveries).toHaveLength(1);
  });
});

describe("DNS rebinding", () => {
  it("connects to the address that was checked, even when DNS answers differently a moment later", async () => {
    const port = new URL(receiver.url).port;
    const answers = [["127.0.0.1"], ["10.0.0.5"], ["169.254.169.254"]];
    let lookups = 0;
    const resolve: Resolve = async () => answers[lookups++] ?? [];
    const channel = await webhookChannel(`http://hooks.rebind.test:${port}/hook`);
    await createWebhookAdapter({ policy: () => LOOPBACK_ALLOWED, resolve }).publish(request(channel));
    // hooks.rebind.test exists only in this resolver: the request reached the receiver on the checked address,
    // and DNS was asked once (a second lookup at connect time would have answered 10.0.0.5).
    expect(lookups).toBe(1);
    expect(receiver.deliveries).toHaveLength(1);
  });

  it("a name that was public at creation and resolves to 127.0.0.1 at send is refused at send", async () => {
    const port = new URL(receiver.url).port;
    const answers = [["93.184.215.14"], ["127.0.0.1"]];
    let lookups = 0;
    const resolve: Resolve = async () => answers[lookups++] ?? [];
    const created = await createChannel({
      db,
      workspaceId,
      input: {
        platform: "WEBHOOK",
        displayName: "rebinder",
        active: true,
        config: { url: `http://hooks.rebind.test:${port}/hook` },
        credentials: { secret: SECRET },
      },
      outbound: { policy: PUBLIC_ONLY, resolve },
    });
    const channel = await db.channel.findUniqueOrThrow({ where: { id: created.id } });
    const adapter = createWebhookAdapter({ policy: () => PUBLIC_ONLY, resolve });
    expect(await failureOf(adapter.publish(request(channel)))).toEqual({
      kind: "permanent",
      message: "webhook url refused: it resolves to 127.0.0.1, a loopback address",
    });
    expect(receiver.deliveries).toHaveLength(0);
  });
});

describe("creating and changing a webhook channel (422 naming the reason, nothing written)", () => {
  const create = (url: string) =>
    callRoute(channelsRoute.POST, {
      method: "POST",
      path: "/api/channels",
      token,
      body: { platform: "WEBHOOK", displayName: "hook", config: { url }, credentials: { secret: SECRET } },
    });

  it.each([
    ["http://10.0.0.5/hook", "config.url is 10.0.0.5, a private address"],
    ["http://0x0a.5/hook", "config.url is 10.0.0.5, a private address"],
    ["http://169.254.169.254/latest/meta-data/", "config.url is 169.254.169.254, a cloud metadata address"],
    ["http://[::ffff:169.254.169.254]/", "config.url is ::ffff:a9fe:a9fe, a cloud metadata address"],
    ["http://127.0.0.2:8080/", "config.url is 127.0.0.2, a loopback address"],
    ["http://[::1]/", "config.url is ::1, a loopback address"],
    [
      "https://user:pass@hooks.example.com/in",
      "config.url must not carry credentials (user:password@); use the channel secret",
    ],
  ])("POST %s is 422", async (url, message) => {
    const res = await create(url);
    expect(res.status).toBe(422);
    expect(res.json.error).toMatchObject({ code: "unprocessable", message });
    expect(res.json.error.details).toEqual([{ path: "config.url", message: message.replace("config.url ", "") }]);
    expect(await db.channel.count({ where: { workspaceId } })).toBe(0);
  });

  it("refuses a name resolving to a private address (through DNS)", async () => {
    const resolve: Resolve = async (host) => (host === "intranet.example.com" ? ["93.184.215.14", "10.0.0.5"] : []);
    const attempt = createChannel({
      db,
      workspaceId,
      input: {
        platform: "WEBHOOK",
        displayName: "intranet",
        active: true,
        config: { url: "https://intranet.example.com/hook" },
        credentials: { secret: SECRET },
      },
      outbound: { policy: PUBLIC_ONLY, resolve },
    });
    await expect(attempt).rejects.toMatchObject({
      code: "unprocessable",
      message: "config.url resolves to 10.0.0.5, a private address",
    });
    expect(await db.channel.count({ where: { workspaceId } })).toBe(0);
  });

  it("PATCH to a refused URL is 422 and keeps the old one", async () => {
    const ok = await create(receiver.url);
    expect(ok.status).toBe(201);
    const res = await callRoute(channelRoute.PATCH, {
      method: "PATCH",
      path: "/api/channels/id",
      token,
      params: { id: ok.json.id },
      body: { config: { url: "http://metadata.google.internal.:80@100.100.100.200/" } },
    });
    expect(res.status).toBe(422);
    expect(res.json.error.message).toMatch(/^config\.url must not carry credentials/);
    const again = await callRoute(channelRoute.PATCH, {
      method: "PATCH",
      path: "/api/channels/id",
      token,
      params: { id: ok.json.id },
      body: { config: { url: "http://100.100.100.200/latest/meta-data" } },
    });
    expect(again.json.error.message).toBe("config.url is 100.100.100.200, a cloud metadata address");
    const stored = await db.channel.findUniqueOrThrow({ where: { id: ok.json.id } });
    expect(stored.config).toEqual({ url: receiver.url });
  });
});

describe("secret rotation", () => {
  it("the old secret signs beside the new one during the grace period, then only the new one", async () => {
    const created = await callRoute(channelsRoute.POST, {
      method: "POST",
      path: "/api/channels",
      token,
      body: {
        platform: "WEBHOOK",
        displayName: "hook",
        config: { url: receiver.url },
        credentials: { secret: SECRET },
      },
    });
    const params = { id: created.json.id };
    const rotated = await callRoute(rotateRoute.POST, {
      method: "POST",
      path: "/api/channels/id/rotate-secret",
      token,
      params,
      body: { graceHours: 24 },
    });
    expect(rotated.status).toBe(200);
    const newSecret: string = rotated.json.secret;
    expect(newSecret).toMatch(/^[A-Za-z0-9_-]{43}$/);
    const graceEnds = new Date(rotated.json.previousSecretExpiresAt);
    expect(graceEnds.getTime() - Date.now()).toBeGreaterThan(23.9 * 3_600_000);

    const channel = await db.channel.findUniqueOrThrow({ where: { id: params.id } });
    expect(channel.credentialsEnc).not.toContain(newSecret);
    const credentials = decryptCredentials(channel.credentialsEnc ?? "");
    expect(credentials).toMatchObject({ secret: newSecret, previousSecret: SECRET });

    const sendAt = async (at: Date) => {
      const adapter = createWebhookAdapter({ policy: () => LOOPBACK_ALLOWED, now: () => at });
      await adapter.publish(request(channel, credentials)).catch(() => undefined);
      const delivery = receiver.deliveries.at(-1);
      const nowSec = Math.floor(at.getTime() / 1000);
      const verifies = (secret: string) =>
        verifyCadenceSignature({ header: delivery?.signatureHeader, raw: delivery?.raw ?? "", secret, nowSec });
      return { old: verifies(SECRET), new: verifies(newSecret), other: verifies("not-the-secret-at-all") };
    };
    expect(await sendAt(new Date())).toEqual({ old: true, new: true, other: false });
    expect(await sendAt(new Date(graceEnds.getTime() - 1000))).toEqual({ old: true, new: true, other: false });
    expect(await sendAt(new Date(graceEnds.getTime() + 1000))).toEqual({ old: false, new: true, other: false });
    expect(receiver.deliveries).toHaveLength(3);
  });

  it("graceHours 0 replaces at once; a chosen secret is taken; other workspaces and platforms are refused", async () => {
    const channel = await webhookChannel();
    const params = { id: channel.id };
    const post = (body: unknown, t = token, p = params) =>
      callRoute(rotateRoute.POST, {
        method: "POST",
        path: "/api/channels/id/rotate-secret",
        token: t,
        params: p,
        body,
      });
    const res = await post({ graceHours: 0, secret: "a-chosen-secret-of-length" });
    expect(res.json).toEqual({ secret: "a-chosen-secret-of-length", previousSecretExpiresAt: null });
    const stored = await db.channel.findUniqueOrThrow({ where: { id: channel.id } });
    expect(decryptCredentials(stored.credentialsEnc ?? "")).toEqual({ secret: "a-chosen-secret-of-length" });

    expect((await post({ graceHours: 1000 })).status).toBe(400);
    expect((await post({ secret: "short" })).status).toBe(400);
    const other = await createWorkspace();
    expect((await post({}, other.token)).status).toBe(404);
    const sandbox = await createTestChannel(db, { workspaceId, platform: "SANDBOX" });
    const notWebhook = await post(undefined, token, { id: sandbox.id });
    expect(notWebhook.status).toBe(422);
    const unchanged = await db.channel.findUniqueOrThrow({ where: { id: channel.id } });
    expect(unchanged.credentialsEnc).toBe(stored.credentialsEnc);
  });
});

describe("what is stored of a receiver's answer", () => {
  const publishOnce = async (adapter: PlatformAdapter) => {
    const channel = await webhookChannel();
    const post = await createTestPost(db, { workspaceId, channelIds: [channel.id] });
    // Claimed like the processor claims it: every write of the publication is fenced by this claim.
    await db.post.update({ where: { id: post.id }, data: { status: "SCHEDULED", scheduledAt: new Date() } });
    const sql = getSql();
    const claimed = await claimPostLease({
      sql,
      postId: post.id,
      workspaceId,
      version: post.version,
      now: new Date(),
      leaseMs: 60_000,
    });
    if (!claimed) throw new Error("the test post could not be claimed");
    const publication = await openPublication({ sql, ...claimed, version: post.version, startedAt: new Date() });
    const { post: claimedPost, channels, lease } = claimed;
    await publishPost({ sql, post: claimedPost, channels, publication, lease, adapterFor: () => adapter });
    return db.publicationResult.findFirstOrThrow({ where: { publicationId: publication.id } });
  };
  const adapter = () => createWebhookAdapter({ policy: () => LOOPBACK_ALLOWED });

  it("a refusal keeps its status and a short sanitised excerpt, never the body or the secret", async () => {
    const body = `\u001b[2J<html>${SECRET} says\r\n\u0000no\u202e ${"y".repeat(10_000)}</html>`;
    receiver.plan({ kind: "status", status: 422, body });
    const result = await publishOnce(adapter());
    expect(result).toMatchObject({ status: "FAILED", responseStatus: 422 });
    const message = result.errorMessage ?? "";
    expect(message.startsWith("webhook answered 422: [2J<html>[redacted] says no yyy")).toBe(true);
    expect(Array.from(message).length).toBeLessThanOrEqual("webhook answered 422: ".length + 200);
    expect(message).not.toMatch(/[\p{Cc}\p{Cf}]/u);
    expect(message).not.toContain(SECRET);
  });

  it("a javascript: link and an oversized id from a 2xx are not kept as they came", async () => {
    receiver.plan({
      kind: "status",
      status: 200,
      contentType: "application/json",
      body: JSON.stringify({ id: `\u0007${"i".repeat(500)}`, url: "javascript:alert(document.cookie)" }),
    });
    const result = await publishOnce(adapter());
    expect(result).toMatchObject({ status: "SUCCEEDED", responseStatus: 200, url: null });
    expect(Array.from(result.platformPostId ?? "")).toHaveLength(200);
    expect(result.platformPostId).toMatch(/^i+…$/);
  });

  it("a 503 keeps its status while the result waits for a retry", async () => {
    receiver.plan({ kind: "status", status: 503, body: "busy" });
    const result = await publishOnce(adapter());
    expect(result).toMatchObject({
      status: "PENDING",
      responseStatus: 503,
      errorMessage: "webhook answered 503: busy",
    });
  });

  it("a redirect is not followed", async () => {
    receiver.plan({ kind: "status", status: 302, body: "see elsewhere" });
    const result = await publishOnce(adapter());
    expect(result).toMatchObject({ status: "FAILED", responseStatus: 302 });
    expect(result.errorMessage).toBe("webhook answered 302 (redirects are not followed; configure the final URL)");
    expect(receiver.deliveries).toHaveLength(1);
  });
});
