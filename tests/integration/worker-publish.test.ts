import { randomUUID } from "node:crypto";
import { afterAll, afterEach, beforeEach, describe, expect, it } from "vitest";
import { createPrismaClient } from "@/lib/db/prisma";
import type { PostStatus } from "@/lib/generated/prisma/enums";
import { getPlatformAdapter } from "@/lib/publishing/networks/get-platform-adapter";
import { type PlatformAdapter, PublishError } from "@/lib/publishing/networks/types";
import { enqueuePublishJob } from "@/lib/queue/enqueue-publish-job";
import { PUBLISH_JOB_NAME, publishJobId } from "@/lib/queue/publish-queue";
import { schedulePost } from "@/lib/scheduling/schedule-post";
import { sweepDuePosts } from "@/lib/scheduling/sweep-due-posts";
import { unschedulePost } from "@/lib/scheduling/unschedule-post";
import { createTestChannel, createTestPost, createTestWorkspace } from "@/tests/helpers/factories";
import { type PublishWorker, startPublishWorker } from "@/tests/helpers/publish-worker";
import { waitFor } from "@/tests/helpers/wait-for";
import { startWebhookReceiver, type WebhookReceiver } from "@/tests/helpers/webhook-receiver";

process.env.PUBLISH_BACKOFF_MS = "200";
const SECRET = "test-webhook-secret";
const db = createPrismaClient();
let receiver: WebhookReceiver;
let pw: PublishWorker | undefined;
let workspaceId: string;

beforeEach(async () => {
  receiver = await startWebhookReceiver({ secret: SECRET });
  workspaceId = (await createTestWorkspace(db, {})).workspace.id;
});
afterEach(async () => {
  await pw?.close();
  pw = undefined;
  await receiver.close();
  await db.workspace.delete({ where: { id: workspaceId } });
});
afterAll(() => db.$disconnect());

const startWorker = async (adapterFor?: (p: Parameters<typeof getPlatformAdapter>[0]) => PlatformAdapter) => {
  pw = await startPublishWorker({ queueName: `test-${randomUUID()}`, adapterFor });
  return pw;
};
const webhookChannel = () =>
  createTestChannel(db, {
    workspaceId,
    platform: "WEBHOOK",
    config: { url: receiver.url },
    credentials: { secret: SECRET },
  });
const schedule = (w: PublishWorker, postId: string, inMs: number) =>
  schedulePost({
    db,
    queue: w.queue,
    workspaceId,
    postId,
    scheduledAt: new Date(Date.now() + inMs).toISOString(),
    now: new Date(),
  });
const waitForStatus = (postId: string, status: PostStatus) =>
  waitFor(async () => (await db.post.findUniqueOrThrow({ where: { id: postId } })).status === status, {
    what: `post ${postId} to be ${status}`,
  });
const resultsOf = (postId: string) =>
  db.publicationResult.findMany({ where: { publication: { postId } }, include: { publication: true } });

describe("publish worker", () => {
  it("publishes a post scheduled 2 s ahead once and only once, with its result stored", async () => {
    const w = await startWorker();
    const channel = await webhookChannel();
    const post = await createTestPost(db, {
      workspaceId,
      channelIds: [channel.id],
      content: "hello",
      tags: ["launch"],
    });
    await schedule(w, post.id, 2_000);
    await waitForStatus(post.id, "PUBLISHED");

    const stored = await db.post.findUniqueOrThrow({ where: { id: post.id } });
    expect(stored).toMatchObject({ publishCount: 1, leaseUntil: null });
    const [result, ...more] = await resultsOf(post.id);
    expect(more).toHaveLength(0);
    expect(result).toMatchObject({ status: "SUCCEEDED", attempts: 1, inFlightSince: null, channelId: channel.id });
    expect(result?.platformPostId).toBe(`hook-${result?.idempotencyKey}`);
    expect(result?.publication).toMatchObject({ status: "SUCCEEDED", postVersion: stored.version });
    expect(result?.publication.startedAt.getTime()).toBeGreaterThanOrEqual(stored.scheduledAt?.getTime() ?? 0);

    expect(receiver.deliveries).toHaveLength(1);
    const [delivery] = receiver.deliveries;
    expect(delivery).toMatchObject({ signatureValid: true, idempotencyKey: result?.idempotencyKey });
    expect(delivery?.body).toMatchObject({ post: { id: post.id, content: "hello", tags: ["launch"] } });
    // A sweep after the fact finds nothing to redo, and nothing is delivered again.
    const sweep = await sweepDuePosts({ db, queue: w.queue, redis: w.redis });
    expect(sweep.jobsRecovered + sweep.leasesRecovered).toBe(0);
    expect(receiver.deliveries).toHaveLength(1);
  });

  it("never publishes at the old time after a reschedule or an unschedule", async () => {
    const w = await startWorker();
    const channel = await webhookChannel();
    const moved = await createTestPost(db, { workspaceId, channelIds: [channel.id], content: "moved" });
    const dropped = await createTestPost(db, { workspaceId, channelIds: [channel.id], content: "dropped" });
    await schedule(w, moved.id, 1_500);
    await schedule(w, dropped.id, 1_500);
    await schedule(w, moved.id, 3_500);
    await unschedulePost({ db, queue: w.queue, workspaceId, postId: dropped.id });

    await waitForStatus(moved.id, "PUBLISHED"); // later than both old times
    const post = await db.post.findUniqueOrThrow({ where: { id: moved.id } });
    const publications = await db.publication.findMany({ where: { postId: moved.id } });
    expect(publications).toHaveLength(1);
    expect(publications[0]?.postVersion).toBe(post.version);
    expect(publications[0]?.startedAt.getTime()).toBeGreaterThanOrEqual(post.scheduledAt?.getTime() ?? 0);
    expect(receiver.deliveries.map((d) => (d.body as { post: { id: string } }).post.id)).toEqual([moved.id]);
    expect(await db.post.findUniqueOrThrow({ where: { id: dropped.id } })).toMatchObject({ status: "DRAFT" });
    expect(await db.publication.count({ where: { postId: dropped.id } })).toBe(0);
  });

  it("drops a job made for an older version of the post", async () => {
    const w = await startWorker();
    const channel = await webhookChannel();
    const post = await createTestPost(db, { workspaceId, channelIds: [channel.id] });
    await schedule(w, post.id, 3_600_000);
    const { version } = await db.post.findUniqueOrThrow({ where: { id: post.id } });
    await db.post.update({ where: { id: post.id }, data: { scheduledAt: new Date() } }); // due, so only the version stops it
    const jobId = await enqueuePublishJob({
      queue: w.queue,
      job: { postId: post.id, workspaceId, version: version - 1 },
      scheduledAt: new Date(),
    });
    const job = await waitFor(
      async () => {
        const j = await w.queue.getJob(jobId);
        return j && (await j.isCompleted()) && j;
      },
      { what: "the stale job to complete" },
    );
    expect(job.returnvalue).toMatchObject({ outcome: "dropped", reason: expect.stringContaining("stale") });
    expect(receiver.deliveries).toHaveLength(0);
    expect(await db.post.findUniqueOrThrow({ where: { id: post.id } })).toMatchObject({ status: "SCHEDULED" });
  });

  it("delays a job that runs early instead of publishing before scheduledAt", async () => {
    const w = await startWorker();
    const channel = await webhookChannel();
    const post = await createTestPost(db, { workspaceId, channelIds: [channel.id] });
    await schedule(w, post.id, 4_000);
    const { version, scheduledAt } = await db.post.findUniqueOrThrow({ where: { id: post.id } });
    await (await w.queue.getJob(publishJobId(post.id, version)))?.promote(); // runs now, ~4 s early
    await waitForStatus(post.id, "PUBLISHED");
    const [result] = await resultsOf(post.id);
    expect(result?.publication.startedAt.getTime()).toBeGreaterThanOrEqual(scheduledAt?.getTime() ?? Infinity);
    expect(receiver.deliveries).toHaveLength(1);
    expect(receiver.deliveries[0]?.receivedAt.getTime()).toBeGreaterThanOrEqual(scheduledAt?.getTime() ?? Infinity);
  });

  it("retries a transient 500 and delivers once, with the same idempotency key", async () => {
    const w = await startWorker();
    const channel = await webhookChannel();
    const post = await createTestPost(db, { workspaceId, channelIds: [channel.id] });
    receiver.plan({ kind: "status", status: 503, body: "busy", retryAfter: "0" });
    await schedule(w, post.id, 1_000);
    await waitForStatus(post.id, "PUBLISHED");
    const [result] = await resultsOf(post.id);
    expect(result).toMatchObject({ status: "SUCCEEDED", attempts: 2, errorMessage: null });
    expect(receiver.deliveries.map((d) => d.answer)).toEqual(["status", "ok"]);
    expect(receiver.countFor(result?.idempotencyKey ?? "")).toBe(2);
    expect(receiver.distinctKeys()).toBe(1);
  });

  it("fails a permanent 400 at once and keeps the platform's message; other channels still publish", async () => {
    const w = await startWorker();
    const hook = await webhookChannel();
    const notYet = await createTestChannel(db, { workspaceId, platform: "TIKTOK" });
    const post = await createTestPost(db, { workspaceId, channelIds: [hook.id] });
    receiver.plan({ kind: "status", status: 400, body: "content rejected: too many links" });
    await schedule(w, post.id, 1_000);
    await waitForStatus(post.id, "FAILED");
    const [result] = await resultsOf(post.id);
    expect(result).toMatchObject({ status: "FAILED", attempts: 1, publication: { status: "FAILED" } });
    expect(result?.errorMessage).toContain("content rejected: too many links");
    expect(receiver.deliveries).toHaveLength(1);
    expect(await db.post.findUniqueOrThrow({ where: { id: post.id } })).toMatchObject({ publishCount: 0 });

    const paused = await createTestChannel(db, { workspaceId, platform: "SANDBOX", active: false });
    // Scheduling refuses channels that cannot publish (422); a post scheduled before (an older Cadence, a channel
    // whose adapter was removed) still meets them at publish time: they fail there, the others publish.
    const both = await createTestPost(db, { workspaceId, channelIds: [hook.id] });
    await schedule(w, both.id, 1_500);
    await db.postChannel.createMany({
      data: [notYet.id, paused.id].map((channelId) => ({ postId: both.id, channelId })),
    });
    await waitForStatus(both.id, "PUBLISHED");
    const results = await resultsOf(both.id);
    expect(results.find((r) => r.channelId === notYet.id)).toMatchObject({
      status: "FAILED",
      errorMessage: expect.stringContaining("not connected yet"),
      publication: { status: "PARTIAL" },
    });
    expect(results.find((r) => r.channelId === hook.id)).toMatchObject({ status: "SUCCEEDED" });
    expect(results.find((r) => r.channelId === paused.id)).toMatchObject({
      status: "FAILED",
      errorMessage: "channel is inactive",
      attempts: 0,
    });
  });
});

describe("platforms without idempotency keys", () => {
  // A double at the social-platform edge only: a sandbox-like platform that takes no idempotency key.
  const calls: string[] = [];
  const noKeyAdapter = (behaviour: "lost-answer" | "ok"): PlatformAdapter => ({
    ...getPlatformAdapter("SANDBOX"),
    supportsIdempotencyKey: false,
    async publish({ idempotencyKey }) {
      calls.push(idempotencyKey);
      if (behaviour === "lost-answer") throw new PublishError("unknown_outcome", "connection reset after sending");
      return { platformPostId: `x-${idempotencyKey}`, url: null };
    },
  });
  beforeEach(() => {
    calls.length = 0;
  });

  it("marks a request whose answer was lost UNCONFIRMED and does not retry it", async () => {
    const adapter = noKeyAdapter("lost-answer");
    const w = await startWorker((p) => (p === "SANDBOX" ? adapter : getPlatformAdapter(p)));
    const channel = await createTestChannel(db, { workspaceId, platform: "SANDBOX" });
    const post = await createTestPost(db, { workspaceId, channelIds: [channel.id] });
    await schedule(w, post.id, 500);
    await waitForStatus(post.id, "FAILED");
    const [result] = await resultsOf(post.id);
    expect(result).toMatchObject({ status: "UNCONFIRMED", attempts: 1, inFlightSince: null });
    expect(result?.errorMessage).toContain("not sent again");
    expect(calls).toHaveLength(1);
  });

  it("does not resend after a crash left the request in flight", async () => {
    const adapter = noKeyAdapter("ok");
    const w = await startWorker((p) => (p === "SANDBOX" ? adapter : getPlatformAdapter(p)));
    const channel = await createTestChannel(db, { workspaceId, platform: "SANDBOX" });
    const post = await createTestPost(db, { workspaceId, channelIds: [channel.id] });
    // What a worker that died mid-request leaves behind: PUBLISHING with an expired lease, a result in flight.
    const scheduledAt = new Date(Date.now() - 1_000);
    await db.post.update({
      where: { id: post.id },
      data: { status: "PUBLISHING", scheduledAt, version: 1, leaseUntil: scheduledAt },
    });
    const publication = await db.publication.create({
      data: { workspaceId, postId: post.id, postVersion: 1, scheduledAt },
    });
    await db.publicationResult.create({
      data: {
        publicationId: publication.id,
        channelId: channel.id,
        platform: "SANDBOX",
        idempotencyKey: "k",
        attempts: 1,
        inFlightSince: scheduledAt,
      },
    });
    await w.queue.add(
      PUBLISH_JOB_NAME,
      { postId: post.id, workspaceId, version: 1 },
      { jobId: publishJobId(post.id, 1) },
    );
    await waitForStatus(post.id, "FAILED");
    const [result] = await resultsOf(post.id);
    expect(result).toMatchObject({ status: "UNCONFIRMED", attempts: 1, publication: { status: "FAILED" } });
    expect(calls).toHaveLength(0);
  });
});
