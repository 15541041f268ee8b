import { randomUUID } from "node:crypto";
import path from "node:path";
import { beforeAll, describe, expect, it } from "vitest";

process.env.PUBLISH_BACKOFF_MS = "100";
process.env.PUBLISH_MAX_ATTEMPTS = "3";
process.env.PUBLIC_URL = "http://cadence.test:3000";

import { markChannelConnected } from "@/lib/channels/mark-channel-connected";
import { markChannelNeedsReconnect } from "@/lib/channels/mark-channel-needs-reconnect";
import { getPrisma } from "@/lib/db/prisma";
import type { MembershipRole } from "@/lib/generated/prisma/enums";
import { deliverDueNotifications } from "@/lib/notifications/deliver-due-notifications";
import { notify } from "@/lib/notifications/notify";
import { notifyPublicationOutcome } from "@/lib/notifications/notify-publication-outcome";
import { pruneNotificationOutbox } from "@/lib/notifications/prune-notification-outbox";
import { schedulePost } from "@/lib/scheduling/schedule-post";
import { callRoute, isolateAppSingletons } from "@/tests/helpers/call-route";
import { createTestChannel, createTestPost, createTestUser, createTestWorkspace } from "@/tests/helpers/factories";
import { deleteMessagesTo, listMessagesTo, readMessage } from "@/tests/helpers/mailpit";
import { type PublishWorker, startPublishWorker } from "@/tests/helpers/publish-worker";
import { SAME_ORIGIN, signInAs } from "@/tests/helpers/team";
import { waitFor } from "@/tests/helpers/wait-for";
import { startWebhookReceiver, type WebhookReceiver } from "@/tests/helpers/webhook-receiver";

// Notifications end to end on the real stores: a publish that fails after retries → one in-app row per member who
// can act (by preference), mail read back from Mailpit, one signed POST to the workspace failure webhook (a
// 127.0.0.1 receiver verifying the signature); channel needs-reconnect once per transition; the personal routes
// scoped to the caller's workspace; the failure-webhook settings.

const app = isolateAppSingletons();
const db = getPrisma();

type Route = Parameters<typeof callRoute>[0];
const route = async (file: string, method: string) =>
  ((await import(path.resolve(`app/api/${file}/route.ts`))) as Record<string, Route>)[method] as Route;

const CHANNEL_SECRET = "channel-secret";
let channelReceiver: WebhookReceiver;
let hookReceiver: WebhookReceiver | undefined;
let pw: PublishWorker | undefined;
const workspaceIds: string[] = [];
const userIds: string[] = [];
const emails: string[] = [];

type Person = { userId: string; email: string; cookie: string };
async function person(workspaceId: string, role: MembershipRole): Promise<Person> {
  const email = `notify-${role.toLowerCase()}-${randomUUID()}@test.cadence.local`;
  const user = await createTestUser(db, { workspaceIds: [], email });
  userIds.push(user.userId);
  emails.push(email);
  const { cookie } = await signInAs(db, { userId: user.userId, workspaceId, role });
  return { userId: user.userId, email, cookie };
}
const as = (p: Person) => ({ cookie: p.cookie, ...SAME_ORIGIN });

async function workspace() {
  const { workspace: w, token } = await createTestWorkspace(db, { name: `Notify ${randomUUID().slice(0, 6)}` });
  workspaceIds.push(w.id);
  return { id: w.id, name: w.name, token };
}

beforeAll(async () => {
  channelReceiver = await startWebhookReceiver({ secret: CHANNEL_SECRET });
  return async () => {
    await pw?.close();
    await channelReceiver.close();
    await hookReceiver?.close();
    await Promise.all(emails.map((e) => deleteMessagesTo(e)));
    await db.workspace.deleteMany({ where: { id: { in: workspaceIds } } });
    await db.user.deleteMany({ where: { id: { in: userIds } } });
    await app.close();
  };
});

describe("a publish that fails for good", () => {
  it("notifies once (not per retry): in-app by preference, mail through Mailpit, one signed failure-webhook POST", async () => {
    const w = await workspace();
    const owner = await person(w.id, "OWNER");
    const noBell = await person(w.id, "EDITOR");
    const noMail = await person(w.id, "ADMIN");
    const viewer = await person(w.id, "VIEWER");
    const outsider = await person((await workspace()).id, "OWNER");

    // Preferences through the API: one editor wants mail only, one admin the bell only.
    const putPrefs = await route("notifications/preferences", "PUT");
    for (const [who, choice] of [
      [noBell, { inApp: false, email: true }],
      [noMail, { inApp: true, email: false }],
    ] as const) {
      const res = await callRoute(putPrefs, {
        method: "PUT",
        path: "/api/notifications/preferences",
        headers: as(who),
        body: { preferences: [{ kind: "post.failed", ...choice }] },
      });
      expect(res.status, res.text).toBe(200);
      expect(res.json.preferences).toContainEqual({ kind: "post.failed", ...choice });
    }

    // The failure webhook, set through the API: its secret is shown once.
    hookReceiver = await startWebhookReceiver({ secret: "unknown-yet" });
    const putHook = await route("workspace/failure-webhook", "PUT");
    const set = await callRoute(putHook, {
      method: "PUT",
      path: "/api/workspace/failure-webhook",
      headers: as(owner),
      body: { url: hookReceiver.url },
    });
    expect(set.status, set.text).toBe(200);
    expect(set.json).toMatchObject({ configured: true, url: hookReceiver.url, secret: expect.any(String) });
    const hookSecret: string = set.json.secret;
    await hookReceiver.close();
    hookReceiver = await startWebhookReceiver({ secret: hookSecret });
    await db.failureWebhook.update({ where: { workspaceId: w.id }, data: { url: hookReceiver.url } });

    // A WEBHOOK channel whose receiver answers 500 to every attempt (3 attempts, then the post FAILS).
    const channel = await createTestChannel(db, {
      workspaceId: w.id,
      platform: "WEBHOOK",
      displayName: "Team chat",
      config: { url: channelReceiver.url },
      credentials: { secret: CHANNEL_SECRET },
    });
    channelReceiver.plan(...Array.from({ length: 3 }, () => ({ kind: "status" as const, status: 500 })));
    const post = await createTestPost(db, { workspaceId: w.id, channelIds: [channel.id], content: "Spring sale!" });
    pw = await startPublishWorker({ queueName: `test-${randomUUID()}` });
    await schedulePost({
      db,
      queue: pw.queue,
      workspaceId: w.id,
      postId: post.id,
      scheduledAt: new Date(Date.now() + 300).toISOString(),
      now: new Date(),
    });
    // The job ends after the outcome is reported: wait for it, so nothing is still being written.
    await waitFor(async () => (await pw?.queue.getJobCounts("completed"))?.completed === 1, {
      what: "the publish job to finish",
    });
    expect((await db.post.findUniqueOrThrow({ where: { id: post.id } })).status).toBe("FAILED");
    expect(channelReceiver.deliveries.length).toBe(3);

    // In-app: the owner and the admin (posts:schedule, bell on); not the mail-only editor, the viewer or outsiders.
    const rows = await db.notification.findMany({ where: { postId: post.id } });
    expect(rows.map((r) => r.userId).sort()).toEqual([owner.userId, noMail.userId].sort());
    for (const r of rows) {
      expect(r).toMatchObject({
        kind: "post.failed",
        workspaceId: w.id,
        title: "Failed: “Spring sale!”",
        readAt: null,
      });
      expect(r.body).toContain("Team chat (failed): webhook answered 500");
    }
    expect(await db.notification.count({ where: { userId: { in: [viewer.userId, outsider.userId] } } })).toBe(0);

    // The outbox: mail to the owner and the editor (not the admin), one webhook POST; sent by the worker's run.
    const outbox = await db.notificationDelivery.findMany({ where: { workspaceId: w.id } });
    expect(outbox.map((d) => d.channel).sort()).toEqual(["email", "email", "webhook"]);
    await deliverDueNotifications({ db });
    expect(await db.notificationDelivery.count({ where: { workspaceId: w.id, status: "SENT", attempts: 1 } })).toBe(3);

    for (const to of [owner.email, noBell.email]) {
      const found = await listMessagesTo(to);
      expect(found, to).toHaveLength(1);
      const message = await readMessage(found[0]?.ID ?? "");
      expect(message.Subject).toBe(`[${w.name}] Failed: “Spring sale!”`);
      expect(message.Text).toContain("Team chat (failed): webhook answered 500");
      expect(message.Text).toContain(`http://cadence.test:3000/?post=${post.id}`);
    }
    for (const to of [noMail.email, viewer.email, outsider.email]) expect(await listMessagesTo(to), to).toHaveLength(0);

    expect(hookReceiver.deliveries).toHaveLength(1);
    const hook = hookReceiver.deliveries[0];
    if (!hook) throw new Error("no delivery");
    expect(hook.signatureValid).toBe(true);
    expect(hook.idempotencyKey).toBe((hook.body as { id: string }).id);
    expect(hook.body).toMatchObject({
      kind: "post.failed",
      workspace: { id: w.id, name: w.name },
      post: { id: post.id, url: `http://cadence.test:3000/?post=${post.id}` },
      channels: [{ id: channel.id, name: "Team chat", platform: "WEBHOOK", status: "FAILED" }],
    });
    expect((hook.body as { channels: { error: string }[] }).channels[0]?.error).toContain("webhook answered 500");

    // Nothing more on a second run: each was sent once.
    await deliverDueNotifications({ db });
    expect(hookReceiver.deliveries).toHaveLength(1);
    expect(await listMessagesTo(owner.email)).toHaveLength(1);
  });
});

describe("the outcome of a publication", () => {
  type Row = { status: "SUCCEEDED" | "FAILED" | "UNCONFIRMED"; errorKind?: string; reconnect?: boolean };
  async function finished(workspaceId: string, rows: Row[], version = 0) {
    const channels: { id: string }[] = [];
    for (const [i, r] of rows.entries()) {
      const c = await createTestChannel(db, { workspaceId, displayName: `Channel ${i}` });
      if (r.reconnect) {
        await db.channel.update({
          where: { id: c.id },
          data: { needsReconnectAt: new Date("2027-01-01T09:00:00Z"), needsReconnectReason: "session revoked" },
        });
      }
      channels.push(c);
    }
    const post = await createTestPost(db, {
      workspaceId,
      channelIds: channels.map((c) => c.id),
      content: "Launch day",
    });
    const publication = await db.publication.create({
      data: {
        workspaceId,
        postId: post.id,
        postVersion: version,
        status: "FAILED",
        scheduledAt: new Date(),
        finishedAt: new Date(),
        results: {
          create: rows.map((r, i) => ({
            channelId: channels[i]?.id ?? "",
            platform: "SANDBOX" as const,
            status: r.status,
            idempotencyKey: randomUUID(),
            errorMessage: r.status === "SUCCEEDED" ? null : `problem ${i}`,
            errorKind: r.errorKind ?? null,
          })),
        },
      },
    });
    return { post, publication, channels };
  }

  it("is named by what happened: failed, partly published, unconfirmed; nothing when every channel published", async () => {
    const w = await workspace();
    const owner = await person(w.id, "OWNER");
    const cases: [Row[], string | null][] = [
      [[{ status: "FAILED" }, { status: "UNCONFIRMED" }], "post.failed"],
      [[{ status: "SUCCEEDED" }, { status: "FAILED" }], "post.partly_published"],
      [[{ status: "SUCCEEDED" }, { status: "UNCONFIRMED" }], "post.partly_published"],
      [[{ status: "UNCONFIRMED" }], "post.unconfirmed"],
      [[{ status: "SUCCEEDED" }, { status: "SUCCEEDED" }], null],
    ];
    for (const [rows, kind] of cases) {
      const { post, publication } = await finished(w.id, rows);
      await notifyPublicationOutcome({ db, workspaceId: w.id, publicationId: publication.id });
      const got = await db.notification.findMany({ where: { postId: post.id, userId: owner.userId } });
      expect(
        got.map((n) => n.kind),
        JSON.stringify(rows),
      ).toEqual(kind ? [kind] : []);
    }
    // Another workspace's publication id reports nothing.
    const other = await workspace();
    const { publication } = await finished(w.id, [{ status: "FAILED" }]);
    await notifyPublicationOutcome({ db, workspaceId: other.id, publicationId: publication.id });
    expect(await db.notification.count({ where: { workspaceId: other.id } })).toBe(0);
  });

  it("reports a channel the network refused once, however many publications failed on it", async () => {
    const w = await workspace();
    const owner = await person(w.id, "OWNER");
    const first = await finished(w.id, [{ status: "FAILED", errorKind: "channel", reconnect: true }]);
    await notifyPublicationOutcome({ db, workspaceId: w.id, publicationId: first.publication.id });
    await notifyPublicationOutcome({ db, workspaceId: w.id, publicationId: first.publication.id });
    const channelId = first.channels[0]?.id;
    const again = await createTestPost(db, { workspaceId: w.id, channelIds: [channelId ?? ""] });
    const second = await db.publication.create({
      data: {
        workspaceId: w.id,
        postId: again.id,
        postVersion: 0,
        status: "FAILED",
        scheduledAt: new Date(),
        finishedAt: new Date(),
        results: {
          create: [
            {
              channelId: channelId ?? "",
              platform: "SANDBOX",
              status: "FAILED",
              idempotencyKey: randomUUID(),
              errorKind: "channel",
              errorMessage: "needs reconnecting",
            },
          ],
        },
      },
    });
    await notifyPublicationOutcome({ db, workspaceId: w.id, publicationId: second.id });
    const reconnect = await db.notification.findMany({
      where: { userId: owner.userId, kind: "channel.needs_reconnect" },
    });
    expect(reconnect.map((n) => n.channelId)).toEqual([channelId]);
    // Each failed post is reported on its own, and each finish once (the repeated call wrote nothing).
    expect(await db.notification.count({ where: { userId: owner.userId, kind: "post.failed" } })).toBe(2);
    // A Retry that finishes the same publication again is a new outcome: reported again.
    await db.publication.update({ where: { id: second.id }, data: { finishedAt: new Date(Date.now() + 60_000) } });
    await notifyPublicationOutcome({ db, workspaceId: w.id, publicationId: second.id });
    expect(await db.notification.count({ where: { userId: owner.userId, kind: "post.failed" } })).toBe(3);
  });
});

describe("failure webhook delivery", () => {
  it("retries a failed POST with backoff, same id and a valid signature each time, then stops", async () => {
    const w = await workspace();
    const owner = await person(w.id, "OWNER");
    await hookReceiver?.close();
    const secret = "hook-secret-retry";
    hookReceiver = await startWebhookReceiver({ secret });
    const { encryptCredentials } = await import("@/lib/crypto/credentials");
    await db.failureWebhook.create({
      data: { workspaceId: w.id, url: hookReceiver.url, secretEnc: encryptCredentials({ secret }) },
    });
    hookReceiver.plan({ kind: "status", status: 503 });
    await notify({
      db,
      event: {
        kind: "channel.needs_reconnect",
        workspaceId: w.id,
        title: "Chat needs reconnecting",
        recipients: { userIds: [owner.userId] },
      },
    });
    const delivery = () =>
      db.notificationDelivery.findFirstOrThrow({ where: { workspaceId: w.id, channel: "webhook" } });
    const start = new Date();
    await deliverDueNotifications({ db, now: start });
    expect(await delivery()).toMatchObject({
      status: "PENDING",
      attempts: 1,
      lastError: expect.stringContaining("503"),
    });
    expect((await delivery()).nextAttemptAt.getTime()).toBe(start.getTime() + 30_000);
    // Not due again before its backoff…
    await deliverDueNotifications({ db, now: new Date(start.getTime() + 1_000) });
    expect(await delivery()).toMatchObject({ status: "PENDING", attempts: 1 });
    // …and sent once it is.
    await deliverDueNotifications({ db, now: new Date(start.getTime() + 31_000) });
    expect(hookReceiver.deliveries).toHaveLength(2);
    const [first, second] = hookReceiver.deliveries;
    expect(first?.idempotencyKey).toBe(second?.idempotencyKey);
    expect(hookReceiver.deliveries.every((d) => d.signatureValid)).toBe(true);
    expect(await delivery()).toMatchObject({ status: "SENT", attempts: 2, lastError: expect.stringContaining("503") });
  });

  it("approval kinds never reach the failure webhook; a refused (4xx) POST is not retried", async () => {
    const w = await workspace();
    const owner = await person(w.id, "OWNER");
    const { encryptCredentials } = await import("@/lib/crypto/credentials");
    await db.failureWebhook.create({
      data: { workspaceId: w.id, url: hookReceiver?.url ?? "", secretEnc: encryptCredentials({ secret: "x-secret" }) },
    });
    await notify({
      db,
      event: {
        kind: "approval.requested",
        workspaceId: w.id,
        title: "Approve?",
        recipients: { permission: "posts:approve" },
      },
    });
    expect(await db.notificationDelivery.count({ where: { workspaceId: w.id, channel: "webhook" } })).toBe(0);
    expect(await db.notification.count({ where: { workspaceId: w.id, userId: owner.userId } })).toBe(1);

    hookReceiver?.plan({ kind: "status", status: 404 });
    await notify({
      db,
      event: { kind: "post.failed", workspaceId: w.id, title: "Failed", recipients: { userIds: [] } },
    });
    await deliverDueNotifications({ db });
    const row = await db.notificationDelivery.findFirstOrThrow({ where: { workspaceId: w.id, channel: "webhook" } });
    expect(row).toMatchObject({ status: "FAILED", attempts: 1, lastError: expect.stringContaining("404") });
  });
});

describe("pruning the outbox", () => {
  it("deletes sent and failed deliveries after 30 days and once-keys after 90, never a pending delivery", async () => {
    const w = await workspace();
    const old = new Date(Date.now() - 31 * 24 * 3600_000);
    const rows = await Promise.all(
      (["SENT", "FAILED", "PENDING"] as const).map((status) =>
        db.notificationDelivery.create({
          data: { workspaceId: w.id, kind: "post.failed", channel: "email", payload: {}, status, createdAt: old },
        }),
      ),
    );
    const fresh = await db.notificationDelivery.create({
      data: { workspaceId: w.id, kind: "post.failed", channel: "email", payload: {}, status: "SENT" },
    });
    const key = `test:${randomUUID()}`;
    const oldKey = `test:${randomUUID()}`;
    await db.notificationOnce.createMany({
      data: [{ key }, { key: oldKey, createdAt: new Date(Date.now() - 91 * 24 * 3600_000) }],
    });
    await pruneNotificationOutbox({ db });
    const left = await db.notificationDelivery.findMany({ where: { workspaceId: w.id }, select: { id: true } });
    expect(left.map((r) => r.id).sort()).toEqual([rows[2]?.id, fresh.id].sort());
    const keys = await db.notificationOnce.findMany({ where: { key: { in: [key, oldKey] } } });
    expect(keys.map((k) => k.key)).toEqual([key]);
    await db.notificationOnce.deleteMany({ where: { key } });
  });
});

describe("notify()", () => {
  it("reaches only members (userIds ∩ members), never the actor, and by permission only roles that have it", async () => {
    const w = await workspace();
    const author = await person(w.id, "EDITOR");
    const approver = await person(w.id, "APPROVER");
    const admin = await person(w.id, "ADMIN");
    const viewer = await person(w.id, "VIEWER");
    const stranger = await person((await workspace()).id, "OWNER");
    await notify({
      db,
      event: {
        kind: "approval.requested",
        workspaceId: w.id,
        title: "Review “Spring sale”",
        actorUserId: admin.userId,
        recipients: { permission: "posts:approve" },
      },
    });
    const requested = await db.notification.findMany({ where: { workspaceId: w.id, kind: "approval.requested" } });
    expect(requested.map((n) => n.userId)).toEqual([approver.userId]);
    await notify({
      db,
      event: {
        kind: "approval.decided",
        workspaceId: w.id,
        title: "Approved",
        actorUserId: approver.userId,
        recipients: { userIds: [author.userId, approver.userId, stranger.userId] },
      },
    });
    const decided = await db.notification.findMany({ where: { kind: "approval.decided", userId: { in: userIds } } });
    expect(decided.map((n) => n.userId)).toEqual([author.userId]);
    expect(await db.notification.count({ where: { userId: viewer.userId } })).toBe(0);
  });

  it("never throws: a workspace that does not exist is logged, nothing written", async () => {
    await expect(
      notify({
        db,
        event: { kind: "post.failed", workspaceId: "no-such-workspace", title: "x", recipients: { userIds: [] } },
      }),
    ).resolves.toBeUndefined();
  });
});

describe("a channel that needs reconnecting", () => {
  it("is reported once per transition: repeats say nothing, a new refusal after reconnecting does", async () => {
    const w = await workspace();
    const owner = await person(w.id, "OWNER");
    const editor = await person(w.id, "EDITOR");
    const viewer = await person(w.id, "VIEWER");
    const channel = await createTestChannel(db, { workspaceId: w.id, displayName: "Ada on Bluesky" });
    const count = () => db.notification.count({ where: { channelId: channel.id, kind: "channel.needs_reconnect" } });

    await markChannelNeedsReconnect({ db, channelId: channel.id, reason: "the session was revoked" });
    await markChannelNeedsReconnect({ db, channelId: channel.id, reason: "the session was revoked (again)" });
    await Promise.all(
      [1, 2, 3].map(() => markChannelNeedsReconnect({ db, channelId: channel.id, reason: "still revoked" })),
    );
    const rows = await db.notification.findMany({ where: { channelId: channel.id } });
    // channels:manage: Owner and Editor, not the Viewer.
    expect(rows.map((r) => r.userId).sort()).toEqual([owner.userId, editor.userId].sort());
    expect(rows[0]).toMatchObject({ title: "Ada on Bluesky needs reconnecting", body: "the session was revoked" });
    expect(await db.notification.count({ where: { userId: viewer.userId } })).toBe(0);

    await markChannelConnected({ db, channelId: channel.id });
    await markChannelNeedsReconnect({ db, channelId: channel.id, reason: "token expired" });
    expect(await count()).toBe(4);
  });
});

describe("the personal routes", () => {
  it("list mine newest first with the unread count and a cursor; another workspace's are invisible and 404", async () => {
    const w = await workspace();
    const me = await person(w.id, "VIEWER");
    const other = await workspace();
    const them = await person(other.id, "OWNER");
    for (let i = 0; i < 3; i++) {
      await notify({
        db,
        now: new Date(Date.UTC(2027, 0, 1, 10, i)),
        event: { kind: "approval.decided", workspaceId: w.id, title: `n${i}`, recipients: { userIds: [me.userId] } },
      });
    }
    await notify({
      db,
      event: {
        kind: "approval.decided",
        workspaceId: other.id,
        title: "theirs",
        recipients: { userIds: [them.userId] },
      },
    });
    const list = await route("notifications", "GET");
    const first = await callRoute(list, { path: "/api/notifications?limit=2", headers: as(me) });
    expect(first.status, first.text).toBe(200);
    expect(first.json.notifications.map((n: { title: string }) => n.title)).toEqual(["n2", "n1"]);
    expect(first.json.unreadCount).toBe(3);
    const next = await callRoute(list, {
      path: `/api/notifications?limit=2&cursor=${first.json.nextCursor}`,
      headers: as(me),
    });
    expect(next.json.notifications.map((n: { title: string }) => n.title)).toEqual(["n0"]);
    expect(next.json.nextCursor).toBeNull();
    const bad = await callRoute(list, { path: "/api/notifications?cursor=nonsense", headers: as(me) });
    expect(bad.status).toBe(400);

    const theirs = await callRoute(list, { path: "/api/notifications", headers: as(them) });
    expect(theirs.json.notifications.map((n: { title: string }) => n.title)).toEqual(["theirs"]);
    // A token has no person: 403 naming why.
    const byToken = await callRoute(list, { path: "/api/notifications", token: w.token });
    expect(byToken.status).toBe(403);

    const read = await route("notifications/read", "POST");
    const mine = first.json.notifications[0].id as string;
    const notMine = theirs.json.notifications[0].id as string;
    const refused = await callRoute(read, {
      method: "POST",
      path: "/api/notifications/read",
      headers: as(me),
      body: { ids: [mine, notMine] },
    });
    expect(refused.status).toBe(404);
    expect(refused.json.error.details).toEqual({ ids: [notMine] });
    expect(await db.notification.count({ where: { id: { in: [mine, notMine] }, readAt: { not: null } } })).toBe(0);

    const one = await callRoute(read, {
      method: "POST",
      path: "/api/notifications/read",
      headers: as(me),
      body: { ids: [mine] },
    });
    expect(one.json).toEqual({ updated: 1, unreadCount: 2 });
    const all = await callRoute(read, {
      method: "POST",
      path: "/api/notifications/read",
      headers: as(me),
      body: { all: true },
    });
    expect(all.json).toEqual({ updated: 2, unreadCount: 0 });
    // Theirs untouched.
    expect((await callRoute(list, { path: "/api/notifications", headers: as(them) })).json.unreadCount).toBe(1);
    const empty = await callRoute(read, { method: "POST", path: "/api/notifications/read", headers: as(me), body: {} });
    expect(empty.status).toBe(400);
  });

  it("preferences: defaults per kind, saved per person and workspace, bad input 400 with nothing written", async () => {
    const w = await workspace();
    const me = await person(w.id, "EDITOR");
    const get = await route("notifications/preferences", "GET");
    const put = await route("notifications/preferences", "PUT");
    const initial = await callRoute(get, { path: "/api/notifications/preferences", headers: as(me) });
    expect(initial.json).toEqual({
      emailAvailable: true,
      preferences: [
        { kind: "post.failed", inApp: true, email: true },
        { kind: "post.partly_published", inApp: true, email: false },
        { kind: "post.unconfirmed", inApp: true, email: false },
        { kind: "channel.needs_reconnect", inApp: true, email: true },
        { kind: "approval.requested", inApp: true, email: true },
        { kind: "approval.decided", inApp: true, email: true },
      ],
    });
    for (const body of [
      { preferences: [{ kind: "post.exploded", inApp: true, email: true }] },
      { preferences: [{ kind: "post.failed", inApp: "yes", email: true }] },
      {
        preferences: [
          { kind: "post.failed", inApp: true, email: true },
          { kind: "post.failed", inApp: false, email: true },
        ],
      },
      { preferences: [] },
    ]) {
      const res = await callRoute(put, {
        method: "PUT",
        path: "/api/notifications/preferences",
        headers: as(me),
        body,
      });
      expect(res.status, JSON.stringify(body)).toBe(400);
    }
    expect(await db.notificationPreference.count({ where: { userId: me.userId } })).toBe(0);
  });
});

describe("failure webhook settings", () => {
  it("refuses an internal address (422) and a non-http URL (400); GET never shows the secret; test sends one signed event", async () => {
    const w = await workspace();
    const owner = await person(w.id, "OWNER");
    const put = await route("workspace/failure-webhook", "PUT");
    const get = await route("workspace/failure-webhook", "GET");
    const del = await route("workspace/failure-webhook", "DELETE");
    const test = await route("workspace/failure-webhook/test", "POST");
    const at = (body: unknown) =>
      callRoute(put, { method: "PUT", path: "/api/workspace/failure-webhook", headers: as(owner), body });
    const internal = await at({ url: "http://10.1.2.3/hook" });
    expect(internal.status).toBe(422);
    expect(internal.json.error.message).toMatch(/^url /);
    expect((await at({ url: "ftp://example.com/x" })).status).toBe(400);
    expect(await db.failureWebhook.count({ where: { workspaceId: w.id } })).toBe(0);

    const noneYet = await callRoute(test, {
      method: "POST",
      path: "/api/workspace/failure-webhook/test",
      headers: as(owner),
    });
    expect(noneYet.status).toBe(404);

    // The secret is made by the PUT; the receiver that checks it starts after, at a URL set with a second PUT.
    const made = await at({ url: "http://127.0.0.1:9/not-yet" });
    expect(made.status, made.text).toBe(200);
    const secret: string = made.json.secret;
    const rotatedOnce = await at({ url: "http://127.0.0.1:9/not-yet", rotateSecret: true });
    const receiver = await startWebhookReceiver({ secret: rotatedOnce.json.secret });
    try {
      expect(secret.length).toBeGreaterThanOrEqual(40);
      const shown = await callRoute(get, { path: "/api/workspace/failure-webhook", headers: as(owner) });
      expect(shown.json).toEqual({
        configured: true,
        url: "http://127.0.0.1:9/not-yet",
        createdAt: expect.any(String),
        updatedAt: expect.any(String),
      });
      expect(JSON.stringify(await db.failureWebhook.findFirst({ where: { workspaceId: w.id } }))).not.toContain(secret);
      // Changing the URL keeps the secret (no secret in the answer); rotating makes a new one.
      expect((await at({ url: receiver.url })).json.secret).toBeUndefined();
      const rotated = rotatedOnce;
      expect(rotated.json.secret).toEqual(expect.any(String));
      expect(rotated.json.secret).not.toBe(secret);

      const sent = await callRoute(test, {
        method: "POST",
        path: "/api/workspace/failure-webhook/test",
        headers: as(owner),
      });
      expect(sent.json).toEqual({ ok: true, status: 200 });
      expect(receiver.deliveries).toHaveLength(1);
      const { verifyCadenceSignature } = await import("@/tests/helpers/webhook-receiver");
      const [d] = receiver.deliveries;
      expect(
        verifyCadenceSignature({ header: d?.signatureHeader, raw: d?.raw ?? "", secret: rotated.json.secret }),
      ).toBe(true);
      expect(verifyCadenceSignature({ header: d?.signatureHeader, raw: d?.raw ?? "", secret })).toBe(false);
      expect(d?.body).toMatchObject({ kind: "test", workspace: { id: w.id } });

      const audit = await db.auditEvent.findMany({ where: { workspaceId: w.id, target: "failure_webhook" } });
      expect(audit.map((a) => (a.details as { failureWebhook: { to: string } }).failureWebhook.to).sort()).toEqual(
        ["URL saved", "new secret", "set"].sort(),
      );
      expect(JSON.stringify(audit)).not.toContain(receiver.url);
      expect(
        (await callRoute(del, { method: "DELETE", path: "/api/workspace/failure-webhook", headers: as(owner) })).status,
      ).toBe(204);
      expect(
        (await callRoute(get, { path: "/api/workspace/failure-webhook", headers: as(owner) })).json.configured,
      ).toBe(false);
    } finally {
      await receiver.close();
    }
  });
});
