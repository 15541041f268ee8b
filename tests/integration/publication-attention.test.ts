import { randomUUID } from "node:crypto";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import * as attentionRoute from "@/app/api/attention/route";
import * as resolveRoute from "@/app/api/posts/[id]/results/[resultId]/resolve/route";
import * as retryRoute from "@/app/api/posts/[id]/retry/route";
import * as postRoute from "@/app/api/posts/[id]/route";
import * as scheduleRoute from "@/app/api/scheduling/posts/[id]/schedule/route";
import type { Channel } from "@/lib/generated/prisma/client";
import type { PostStatus, PublicationStatus, ResultStatus } from "@/lib/generated/prisma/enums";
import { publishJobId } from "@/lib/queue/publish-queue";
import { callRoute, isolateAppSingletons } from "@/tests/helpers/call-route";
import { createTestChannel, createTestPost } from "@/tests/helpers/factories";
import { type PublishWorker, startPublishWorker } from "@/tests/helpers/publish-worker";
import { setupTestWorkspaces } from "@/tests/helpers/test-workspaces";
import { waitFor } from "@/tests/helpers/wait-for";
import { startWebhookReceiver, type WebhookReceiver } from "@/tests/helpers/webhook-receiver";

// Issue 10 "Publishing visible as it is": a post's outcome across its channels, retrying only the channels that
// failed (through the real worker, counting what each webhook receiver got), resolving UNCONFIRMED results, and
// the workspace-scoped "Needs attention" list with the status counts — against the real PostgreSQL and Redis.
process.env.PUBLISH_BACKOFF_MS = "100";
process.env.PUBLISH_MAX_ATTEMPTS = "2";
const SECRET = "attention-webhook-secret-01";
const app = isolateAppSingletons();
const { db, createWorkspace } = setupTestWorkspaces({ app, obliterateQueue: true });
let token: string;
let workspaceId: string;

beforeEach(async () => {
  const created = await createWorkspace();
  token = created.token;
  workspaceId = created.workspace.id;
});

const getPost = (id: string, as = token) =>
  callRoute(postRoute.GET, { path: "/api/posts/id", token: as, params: { id } });
const retry = (id: string, body?: unknown, as = token) =>
  callRoute(retryRoute.POST, { method: "POST", path: "/api/posts/id/retry", token: as, params: { id }, body });
const resolve = (id: string, resultId: string, body: unknown, as = token) =>
  callRoute(resolveRoute.POST, {
    method: "POST",
    path: "/api/posts/id/results/resultId/resolve",
    token: as,
    params: { id, resultId },
    body,
  });
const attention = (as = token) => callRoute(attentionRoute.GET, { path: "/api/attention", token: as });

type Seed = { status: ResultStatus; errorKind?: string | null; url?: string | null; channel?: Channel };

/**
 * A post that went through one publication, written as the worker leaves it: the post settled at version 1, its
 * publication finished `finishedAgoMs` ago, one result per seed (each on its own SANDBOX channel unless given).
 */
async function seedPublished(
  seeds: Seed[],
  {
    postStatus,
    publicationStatus,
    ws = workspaceId,
    finishedAgoMs = 60_000,
  }: { postStatus?: PostStatus; publicationStatus?: PublicationStatus; ws?: string; finishedAgoMs?: number } = {},
) {
  const channels = await Promise.all(
    seeds.map(
      (s, i) =>
        s.channel ?? createTestChannel(db, { workspaceId: ws, displayName: `ch-${i}-${randomUUID().slice(0, 4)}` }),
    ),
  );
  const succeeded = seeds.filter((s) => s.status === "SUCCEEDED").length;
  const finishedAt = new Date(Date.now() - finishedAgoMs);
  const post = await createTestPost(db, { workspaceId: ws, channelIds: channels.map((c) => c.id) });
  await db.post.update({
    where: { id: post.id },
    data: {
      status: postStatus ?? (succeeded > 0 ? "PUBLISHED" : "FAILED"),
      version: 1,
      scheduledAt: new Date(finishedAt.getTime() - 1_000),
      publishCount: succeeded > 0 ? 1 : 0,
      updatedAt: finishedAt,
    },
  });
  const publication = await db.publication.create({
    data: {
      workspaceId: ws,
      postId: post.id,
      postVersion: 1,
      status: publicationStatus ?? (succeeded === 0 ? "FAILED" : succeeded === seeds.length ? "SUCCEEDED" : "PARTIAL"),
      scheduledAt: new Date(finishedAt.getTime() - 1_000),
      startedAt: new Date(finishedAt.getTime() - 500),
      finishedAt: publicationStatus === "RUNNING" ? null : finishedAt,
    },
  });
  const results = [];
  for (const [i, s] of seeds.entries()) {
    const channel = channels[i] as Channel;
    results.push(
      await db.publicationResult.create({
        data: {
          publicationId: publication.id,
          channelId: channel.id,
          platform: channel.platform,
          status: s.status,
          idempotencyKey: `${publication.id}.${channel.id}`,
          url: s.url ?? (s.status === "SUCCEEDED" ? `https://social.example/${channel.id}` : null),
          errorMessage:
            s.status === "FAILED" || s.status === "UNCONFIRMED" ? `${s.status} on ${channel.displayName}` : null,
          errorKind:
            s.errorKind ??
            (s.status === "FAILED" ? "transient" : s.status === "UNCONFIRMED" ? "unknown_outcome" : null),
          attempts: 1,
          publishedAt: s.status === "SUCCEEDED" ? finishedAt : null,
        },
      }),
    );
  }
  return { post, publication, channels, results };
}

describe("a post's outcome across its channels", () => {
  const cases: { seeds: ResultStatus[]; state: string | null }[] = [
    { seeds: ["SUCCEEDED"], state: "published" },
    { seeds: ["SUCCEEDED", "SUCCEEDED"], state: "published" },
    { seeds: ["SUCCEEDED", "FAILED"], state: "partly_published" },
    { seeds: ["SUCCEEDED", "UNCONFIRMED"], state: "partly_published" },
    { seeds: ["SUCCEEDED", "FAILED", "UNCONFIRMED"], state: "partly_published" },
    { seeds: ["FAILED"], state: "failed" },
    { seeds: ["FAILED", "FAILED"], state: "failed" },
    { seeds: ["FAILED", "UNCONFIRMED"], state: "failed" },
    { seeds: ["UNCONFIRMED"], state: "unconfirmed" },
    { seeds: ["UNCONFIRMED", "UNCONFIRMED"], state: "unconfirmed" },
  ];
  for (const { seeds, state } of cases) {
    it(`${seeds.join(" + ")} → ${state}`, async () => {
      const { post, channels } = await seedPublished(seeds.map((status) => ({ status })));
      const res = await getPost(post.id);
      expect(res.status).toBe(200);
      expect(res.json.outcome.state).toBe(state);
      const failing = channels.filter((_, i) => seeds[i] === "FAILED" || seeds[i] === "UNCONFIRMED");
      const succeeded = channels.filter((_, i) => seeds[i] === "SUCCEEDED");
      expect(res.json.outcome.failing.map((f: { id: string }) => f.id).sort()).toEqual(failing.map((c) => c.id).sort());
      for (const f of res.json.outcome.failing) {
        const c = channels.find((ch) => ch.id === f.id) as Channel;
        expect(f).toMatchObject({
          displayName: c.displayName,
          platform: "SANDBOX",
          errorMessage: `${f.status} on ${c.displayName}`,
        });
      }
      expect(res.json.outcome.succeeded).toEqual(
        expect.arrayContaining(
          succeeded.map((c) => expect.objectContaining({ id: c.id, url: `https://social.example/${c.id}` })),
        ),
      );
      expect(res.json.outcome.succeeded).toHaveLength(succeeded.length);
    });
  }

  it("is null while the publication runs, when only cancelled channels remain, and before any publication", async () => {
    const running = await seedPublished([{ status: "SUCCEEDED" }, { status: "PENDING" }], {
      postStatus: "PUBLISHING",
      publicationStatus: "RUNNING",
    });
    expect((await getPost(running.post.id)).json.outcome).toBeNull();
    const cancelled = await seedPublished([{ status: "CANCELLED" }], {
      postStatus: "DRAFT",
      publicationStatus: "CANCELLED",
    });
    expect((await getPost(cancelled.post.id)).json.outcome).toBeNull();
    const channel = await createTestChannel(db, { workspaceId });
    const draft = await createTestPost(db, { workspaceId, channelIds: [channel.id] });
    expect((await getPost(draft.id)).json.outcome).toBeNull();
  });

  it("says what can be done about each failing channel", async () => {
    const disabled = await createTestChannel(db, { workspaceId, displayName: "disabled", active: false });
    const { post, channels } = await seedPublished([
      { status: "SUCCEEDED" },
      { status: "FAILED", errorKind: "transient" },
      { status: "FAILED", errorKind: "permanent" },
      { status: "FAILED", errorKind: null },
      { status: "UNCONFIRMED" },
      { status: "FAILED", errorKind: "channel", channel: disabled },
    ]);
    const next = Object.fromEntries(
      (await getPost(post.id)).json.outcome.failing.map((f: { id: string; next: string }) => [f.id, f.next]),
    );
    expect(next).toEqual({
      [channels[1]?.id as string]: "retry",
      [channels[2]?.id as string]: "edit_post",
      [channels[3]?.id as string]: "retry",
      [channels[4]?.id as string]: "check_network",
      [disabled.id]: "fix_channel",
    });
  });
});

describe("POST /api/posts/:id/retry through the worker", () => {
  let good: WebhookReceiver;
  let flaky: WebhookReceiver;
  let pw: PublishWorker;
  beforeEach(async () => {
    good = await startWebhookReceiver({ secret: SECRET });
    flaky = await startWebhookReceiver({ secret: SECRET });
    pw = await startPublishWorker({ queueName: process.env.PUBLISH_QUEUE_NAME ?? "" });
  });
  afterEach(async () => {
    await pw.close();
    await Promise.all([good.close(), flaky.close()]);
  });
  const hook = (receiver: WebhookReceiver, displayName: string) =>
    createTestChannel(db, {
      workspaceId,
      platform: "WEBHOOK",
      displayName,
      config: { url: receiver.url },
      credentials: { secret: SECRET },
    });

  it("republishes only the failed channel; the one that succeeded is never sent twice", async () => {
    const sandbox = await createTestChannel(db, { workspaceId, displayName: "Sandbox" });
    const site = await hook(good, "Our site");
    const partner = await hook(flaky, "Partner");
    // Both attempts of the partner's hook answer 503 (transient): the post goes out on two of three channels.
    flaky.plan({ kind: "status", status: 503, body: "down for maintenance" }, { kind: "status", status: 503 });
    const post = await createTestPost(db, { workspaceId, channelIds: [sandbox.id, site.id, partner.id] });
    const scheduled = await callRoute(scheduleRoute.POST, {
      method: "POST",
      path: "/api/scheduling/posts/id/schedule",
      token,
      params: { id: post.id },
      body: { scheduledAt: new Date(Date.now() + 300).toISOString() },
    });
    expect(scheduled.status).toBe(200);
    await waitFor(async () => (await db.post.findUniqueOrThrow({ where: { id: post.id } })).status === "PUBLISHED", {
      what: "the first publication to settle",
    });

    const partly = (await getPost(post.id)).json;
    expect(partly.outcome.state).toBe("partly_published");
    expect(partly.outcome.failing).toEqual([
      expect.objectContaining({
        id: partner.id,
        displayName: "Partner",
        platform: "WEBHOOK",
        status: "FAILED",
        next: "retry",
      }),
    ]);
    expect(partly.outcome.failing[0].errorMessage).toContain("webhook answered 503");
    expect(partly.outcome.succeeded.map((s: { id: string }) => s.id).sort()).toEqual([sandbox.id, site.id].sort());
    expect(good.deliveries).toHaveLength(1);
    expect(flaky.deliveries).toHaveLength(2);
    expect(partly.publishCount).toBe(1);

    // Listed as needing attention, and counted as partly published.
    const listed = (await attention()).json;
    expect(listed.posts.map((p: { id: string }) => p.id)).toEqual([post.id]);
    expect(listed.counts.last7Days).toMatchObject({ partlyPublished: 1, failed: 0, unconfirmed: 0 });

    // Naming the channel that succeeded is refused: it is never sent twice.
    const refused = await retry(post.id, { channelIds: [site.id] });
    expect(refused.status).toBe(422);
    expect(refused.json.error.details).toEqual([
      { channelId: site.id, displayName: "Our site", reason: "already published there: it is never sent twice" },
    ]);

    const res = await retry(post.id);
    expect(res.status).toBe(200);
    // The answer is read after the commit: a worker may have claimed the due post already.
    expect(["SCHEDULED", "PUBLISHING", "PUBLISHED"]).toContain(res.json.status);
    expect(res.json.version).toBe(partly.version);
    // Bounded generously: on a loaded CI machine the worker's pickup and the webhook round trips took over 20 s once.
    await waitFor(async () => (await db.post.findUniqueOrThrow({ where: { id: post.id } })).status === "PUBLISHED", {
      what: "the retry to settle",
      timeoutMs: 60_000,
    });
    const done = (await getPost(post.id)).json;
    expect(done.outcome.state).toBe("published");
    expect(done.latestPublication.id).toBe(partly.latestPublication.id);
    expect(done.latestPublication.status).toBe("SUCCEEDED");
    expect(done.publishCount).toBe(1);
    // The partner got a third request carrying the same idempotency key; the site got nothing more.
    expect(good.deliveries).toHaveLength(1);
    expect(flaky.deliveries).toHaveLength(3);
    expect(new Set(flaky.deliveries.map((d) => d.idempotencyKey)).size).toBe(1);
    expect(await db.publication.count({ where: { postId: post.id } })).toBe(1);
    expect((await attention()).json.posts).toEqual([]);

    // Nothing left to retry.
    const again = await retry(post.id);
    expect(again.status).toBe(409);
    expect(await pw.queue.getJob(publishJobId(post.id, partly.version))).toBeTruthy();
  });
});

describe("POST /api/posts/:id/retry refusals", () => {
  it("refuses a permanent refusal (edit the post), an unconfirmed channel without confirmation, and unsettled posts", async () => {
    const { post, channels } = await seedPublished([
      { status: "SUCCEEDED" },
      { status: "FAILED", errorKind: "permanent" },
      { status: "UNCONFIRMED" },
    ]);
    const [, refusedChannel, unconfirmedChannel] = channels as [Channel, Channel, Channel];

    const none = await retry(post.id);
    expect(none.status).toBe(409);
    expect(none.json.error.details.failing).toHaveLength(2);

    const permanent = await retry(post.id, { channelIds: [refusedChannel.id] });
    expect(permanent.status).toBe(422);
    expect(permanent.json.error.message).toContain(refusedChannel.displayName);
    expect(permanent.json.error.details[0].reason).toMatch(/Edit the post/);

    const unconfirmed = await retry(post.id, { channelIds: [unconfirmedChannel.id] });
    expect(unconfirmed.status).toBe(422);
    expect(unconfirmed.json.error.details[0].reason).toMatch(/publishAgainAnyway/);

    const unknown = await retry(post.id, { channelIds: ["no-such-channel"] });
    expect(unknown.status).toBe(422);
    expect(unknown.json.error.details[0]).toMatchObject({ channelId: "no-such-channel", displayName: null });

    const bad = await retry(post.id, { channelIds: [] });
    expect(bad.status).toBe(400);

    // Nothing was written by any refusal.
    const after = await db.publicationResult.findMany({ where: { channelId: { in: channels.map((c) => c.id) } } });
    expect(after.map((r) => r.status).sort()).toEqual(["FAILED", "SUCCEEDED", "UNCONFIRMED"]);
    expect((await db.post.findUniqueOrThrow({ where: { id: post.id } })).status).toBe("PUBLISHED");

    // With explicit confirmation the unconfirmed channel is reopened (and only it), and what its adapter recorded
    // of the earlier send is forgotten (else the adapter would only look for that send again, never sending).
    const sentAt = { xSentAt: "2026-01-01T10:00:00.000Z", xMedia: [{ itemId: "m1", mediaId: "1" }] };
    await db.publicationResult.updateMany({
      where: { channelId: { in: channels.map((c) => c.id) } },
      data: { adapterState: sentAt },
    });
    const anyway = await retry(post.id, { channelIds: [unconfirmedChannel.id], publishAgainAnyway: true });
    expect(anyway.status).toBe(200);
    const rows = await db.publicationResult.findMany({ where: { channelId: { in: channels.map((c) => c.id) } } });
    expect(Object.fromEntries(rows.map((r) => [r.channelId, r.status]))).toEqual({
      [channels[0]?.id as string]: "SUCCEEDED",
      [refusedChannel.id]: "FAILED",
      [unconfirmedChannel.id]: "PENDING",
    });
    expect(Object.fromEntries(rows.map((r) => [r.channelId, r.adapterState]))).toEqual({
      [channels[0]?.id as string]: sentAt,
      [refusedChannel.id]: sentAt,
      [unconfirmedChannel.id]: {},
    });
    const reopened = await db.post.findUniqueOrThrow({ where: { id: post.id } });
    expect(reopened).toMatchObject({ status: "SCHEDULED", version: 1, publishCount: 0 });

    // SCHEDULED now: nothing to retry.
    expect((await retry(post.id)).status).toBe(409);
  });

  it("lets a permanent refusal be retried once the post was edited", async () => {
    const { post, channels } = await seedPublished([
      { status: "SUCCEEDED" },
      { status: "FAILED", errorKind: "permanent" },
    ]);
    const edited = await callRoute(postRoute.PATCH, {
      method: "PATCH",
      path: "/api/posts/id",
      token,
      params: { id: post.id },
      body: { content: "Shorter text the network accepts" },
    });
    expect(edited.status).toBe(200);
    expect(edited.json.outcome.failing[0].next).toBe("retry");
    const res = await retry(post.id, { channelIds: [channels[1]?.id] });
    expect(res.status).toBe(200);
    // Nothing was created by the refusal: the edited text goes with a new key (a receiver may remember its answer).
    const rows = await db.publicationResult.findMany({ where: { channelId: { in: channels.map((c) => c.id) } } });
    const byChannel = Object.fromEntries(rows.map((r) => [r.channelId, r]));
    const key = (c: Channel | undefined) => byChannel[c?.id as string]?.idempotencyKey;
    expect(key(channels[1])).toBe(`${byChannel[channels[1]?.id as string]?.publicationId}.${channels[1]?.id}.1`);
    expect(key(channels[0])).toBe(`${byChannel[channels[0]?.id as string]?.publicationId}.${channels[0]?.id}`);
  });

  it("is 404 for another workspace's post, and 409 for a post rescheduled since", async () => {
    const other = await createWorkspace();
    const theirs = await seedPublished([{ status: "SUCCEEDED" }, { status: "FAILED" }], { ws: other.workspace.id });
    const res = await retry(theirs.post.id);
    expect(res.status).toBe(404);
    expect((await db.publicationResult.findFirstOrThrow({ where: { id: theirs.results[1]?.id } })).status).toBe(
      "FAILED",
    );

    const mine = await seedPublished([{ status: "FAILED" }]);
    await db.post.update({ where: { id: mine.post.id }, data: { version: 2, status: "SCHEDULED" } });
    expect((await retry(mine.post.id)).status).toBe(409);
  });
});

describe("POST /api/posts/:id/results/:resultId/resolve", () => {
  it("marks an unconfirmed channel as published with its link; the publication and post follow", async () => {
    const { post, results } = await seedPublished([{ status: "SUCCEEDED" }, { status: "UNCONFIRMED" }]);
    const unconfirmed = results[1]?.id as string;
    const bad = await resolve(post.id, unconfirmed, { as: "published", url: "javascript:alert(1)" });
    expect(bad.status).toBe(422);
    const res = await resolve(post.id, unconfirmed, { as: "published", url: "https://social.example/found/1" });
    expect(res.status).toBe(200);
    expect(res.json.outcome.state).toBe("published");
    expect(res.json.outcome.succeeded.find((s: { resultId: string }) => s.resultId === unconfirmed).url).toBe(
      "https://social.example/found/1",
    );
    expect(res.json.latestPublication.status).toBe("SUCCEEDED");
    expect(res.json.publishCount).toBe(1); // it had gone out already: counted once
    const again = await resolve(post.id, unconfirmed, { as: "published" });
    expect(again.status).toBe(409);
  });

  it("marks a post that only had an unconfirmed channel as published (counted once), or as not published (retryable)", async () => {
    const one = await seedPublished([{ status: "UNCONFIRMED" }]);
    const published = await resolve(one.post.id, one.results[0]?.id as string, { as: "published" });
    expect(published.status).toBe(200);
    expect(published.json).toMatchObject({ status: "PUBLISHED", publishCount: 1 });
    expect(published.json.outcome.state).toBe("published");

    const two = await seedPublished([{ status: "UNCONFIRMED" }]);
    const missing = await resolve(two.post.id, two.results[0]?.id as string, { as: "not_published" });
    expect(missing.status).toBe(200);
    expect(missing.json.status).toBe("FAILED");
    expect(missing.json.outcome).toMatchObject({ state: "failed" });
    expect(missing.json.outcome.failing[0]).toMatchObject({
      status: "FAILED",
      errorKind: "confirmed_missing",
      next: "retry",
    });
  });

  it("is 404 for another workspace's result and 409 for a result that is not unconfirmed", async () => {
    const other = await createWorkspace();
    const theirs = await seedPublished([{ status: "UNCONFIRMED" }], { ws: other.workspace.id });
    expect((await resolve(theirs.post.id, theirs.results[0]?.id as string, { as: "published" })).status).toBe(404);
    const mine = await seedPublished([{ status: "FAILED" }]);
    // My post id with their result id: still 404.
    expect((await resolve(mine.post.id, theirs.results[0]?.id as string, { as: "published" })).status).toBe(404);
    expect((await resolve(mine.post.id, mine.results[0]?.id as string, { as: "published" })).status).toBe(409);
    expect((await db.publicationResult.findUniqueOrThrow({ where: { id: theirs.results[0]?.id } })).status).toBe(
      "UNCONFIRMED",
    );
  });
});

describe("GET /api/attention", () => {
  it("lists this workspace's failed, partly published and unconfirmed posts, newest first, never another's", async () => {
    const other = await createWorkspace();
    const theirs = await seedPublished([{ status: "FAILED" }], { ws: other.workspace.id, finishedAgoMs: 1_000 });
    const failed = await seedPublished([{ status: "FAILED" }], { finishedAgoMs: 30_000 });
    const partly = await seedPublished([{ status: "SUCCEEDED" }, { status: "FAILED" }], { finishedAgoMs: 20_000 });
    const unconfirmed = await seedPublished([{ status: "UNCONFIRMED" }], { finishedAgoMs: 10_000 });
    await seedPublished([{ status: "SUCCEEDED" }], { finishedAgoMs: 5_000 });
    const old = await seedPublished([{ status: "FAILED" }], { finishedAgoMs: 8 * 24 * 3600_000 });
    const rescheduled = await seedPublished([{ status: "FAILED" }], { finishedAgoMs: 15_000 });
    await db.post.update({ where: { id: rescheduled.post.id }, data: { status: "SCHEDULED", version: 2 } });
    const channel = await createTestChannel(db, { workspaceId });
    const soon = await createTestPost(db, { workspaceId, channelIds: [channel.id] });
    await db.post.update({
      where: { id: soon.id },
      data: { status: "SCHEDULED", scheduledAt: new Date(Date.now() + 3600_000) },
    });

    const res = await attention();
    expect(res.status).toBe(200);
    expect(res.json.posts.map((p: { id: string }) => p.id)).toEqual([
      unconfirmed.post.id,
      partly.post.id,
      failed.post.id,
      old.post.id,
    ]);
    expect(res.json.posts.map((p: { outcome: { state: string } }) => p.outcome.state)).toEqual([
      "unconfirmed",
      "partly_published",
      "failed",
      "failed",
    ]);
    expect(res.json.totalPosts).toBe(4);
    expect(res.json.channels).toEqual([]);
    expect(res.json.counts).toEqual({
      scheduledNext24h: 1, // the one an hour out; the rescheduled one (scheduledAt in the past) is not in the next 24 h
      publishingNow: 0,
      last7Days: { published: 1, partlyPublished: 1, failed: 1, unconfirmed: 1 },
    });
    expect(JSON.stringify(res.json)).not.toContain(theirs.post.id);

    const theirsRes = await attention(other.token);
    expect(theirsRes.json.posts.map((p: { id: string }) => p.id)).toEqual([theirs.post.id]);
    expect(theirsRes.json.counts.last7Days.failed).toBe(1);
  });
});
