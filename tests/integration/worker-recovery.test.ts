import { describe, expect, it } from "vitest";
import type { PostStatus } from "@/lib/generated/prisma/enums";
import { createPublishQueue, SWEEPER_SCHEDULER_ID } from "@/lib/queue/publish-queue";
import { lastSweepKey, sweepResultSchema, workerHeartbeatPattern } from "@/lib/queue/status-keys";
import { schedulePost } from "@/lib/scheduling/schedule-post";
import { sweepDuePosts } from "@/lib/scheduling/sweep-due-posts";
import { createTestChannel, createTestPost } from "@/tests/helpers/factories";
import { startPublishWorker } from "@/tests/helpers/publish-worker";
import { waitFor } from "@/tests/helpers/wait-for";
import type { WebhookReceiver } from "@/tests/helpers/webhook-receiver";
import { setupWorkerProcessSuite, spawnWorkerProcess } from "@/tests/helpers/worker-process";

const SECRET = "recovery-secret";
let receiver: WebhookReceiver;
let workspaceId: string;
let queueName: string;
const { db, redis, cleanups } = setupWorkerProcessSuite(SECRET, (state) => {
  ({ receiver, workspaceId, queueName } = state);
});

function openQueue() {
  const queue = createPublishQueue(redis, queueName);
  cleanups.push(async () => {
    await queue.obliterate({ force: true });
    await queue.close();
    const heartbeats = await redis.keys(workerHeartbeatPattern(queueName));
    await redis.del(lastSweepKey(queueName), ...heartbeats);
  });
  return queue;
}
async function postOnChannels(count: number, content: string) {
  const channels = [];
  for (let i = 0; i < count; i++) {
    channels.push(
      await createTestChannel(db, {
        workspaceId,
        platform: "WEBHOOK",
        config: { url: receiver.url },
        credentials: { secret: SECRET },
      }),
    );
  }
  return createTestPost(db, { workspaceId, channelIds: channels.map((c) => c.id), content });
}
const waitForStatus = (postId: string, status: PostStatus, timeoutMs = 30_000) =>
  waitFor(async () => (await db.post.findUniqueOrThrow({ where: { id: postId } })).status === status, {
    what: `post ${postId} to be ${status}`,
    timeoutMs,
  });
const workerEnv = (extra: Record<string, string> = {}) => ({
  PUBLISH_QUEUE_NAME: queueName,
  SWEEP_EVERY_MS: "1000",
  PUBLISH_LEASE_MS: "2000",
  PUBLISH_BACKOFF_MS: "200",
  WEBHOOK_TIMEOUT_MS: "60000",
  WORKER_CONCURRENCY: "5",
  ...extra,
});
/** The real worker process with `workerEnv(extra)`, stopped after the test. */
function spawnWorker(extra?: Record<string, string>) {
  const worker = spawnWorkerProcess(workerEnv(extra));
  cleanups.push(() => worker.stop());
  return worker;
}
const scheduleIn = (queue: ReturnType<typeof openQueue>, postId: string, ms: number) =>
  schedulePost({
    db,
    queue,
    workspaceId,
    postId,
    scheduledAt: new Date(Date.now() + ms).toISOString(),
    now: new Date(),
  });

describe("worker recovery", () => {
  it("republishes every due post exactly once after Redis loses all its data", async () => {
    const queue = openQueue();
    const posts = [await postOnChannels(1, "a"), await postOnChannels(1, "b"), await postOnChannels(1, "c")];
    for (const post of posts) await scheduleIn(queue, post.id, 1_000);
    await redis.flushall();
    const latest = await db.post.findMany({ where: { id: { in: posts.map((p) => p.id) } } });
    const dueAt = Math.max(...latest.map((p) => p.scheduledAt?.getTime() ?? 0));
    await waitFor(() => Date.now() > dueAt, { what: "the posts to fall due" });

    const sweep = await sweepDuePosts({ db, queue, redis });
    expect(sweep.jobsRecovered).toBe(3);
    expect(sweep.recoveredPostIds.sort()).toEqual(posts.map((p) => p.id).sort());
    expect(sweepResultSchema.parse(JSON.parse((await redis.get(lastSweepKey(queueName))) ?? "null"))).toEqual(sweep);
    expect((await sweepDuePosts({ db, queue, redis })).jobsRecovered).toBe(0); // jobs now exist: not added twice

    const worker = await startPublishWorker({ queueName });
    cleanups.push(() => worker.close());
    for (const post of posts) await waitForStatus(post.id, "PUBLISHED");
    expect((await sweepDuePosts({ db, queue, redis })).jobsRecovered).toBe(0);
    expect(receiver.deliveries).toHaveLength(3);
    expect(receiver.distinctKeys()).toBe(3);
    expect(await db.publication.count({ where: { postId: { in: posts.map((p) => p.id) } } })).toBe(3);
  });

  it("a running worker puts its sweeper back after Redis loses all its data, and the due post goes out once", async () => {
    const queue = openQueue();
    const post = await postOnChannels(1, "flushed under a running worker");
    // The sweeper's own period is far away: only the scheduler check can bring the post back in time.
    const worker = spawnWorker({ SWEEP_EVERY_MS: "600000", SCHEDULER_CHECK_MS: "500" });
    await waitFor(() => worker.output().includes("worker started"), { what: "the worker to start" });
    await scheduleIn(queue, post.id, 1_500);
    await redis.flushall();
    expect(await queue.getJobScheduler(SWEEPER_SCHEDULER_ID)).toBeUndefined();

    await waitForStatus(post.id, "PUBLISHED", 20_000);
    expect(worker.output()).toContain("job scheduler is missing");
    expect(await queue.getJobScheduler(SWEEPER_SCHEDULER_ID)).toBeDefined();
    expect(receiver.deliveries).toHaveLength(1);
    expect(await db.publication.count({ where: { postId: post.id } })).toBe(1);
  });

  it("finishes every channel once after the worker is SIGKILLed mid-publication", async () => {
    const queue = openQueue();
    const post = await postOnChannels(3, "survives a crash");
    receiver.plan({ kind: "hang" }); // the first delivery never gets an answer
    const first = spawnWorker();
    await scheduleIn(queue, post.id, 1_500);
    await receiver.waitForDeliveries(3, 30_000);
    expect(receiver.deliveries[0]?.answer).toBe("hang");
    first.child.kill("SIGKILL");
    await first.exited;
    expect(await db.post.findUniqueOrThrow({ where: { id: post.id } })).toMatchObject({ status: "PUBLISHING" });

    const second = spawnWorker();
    await waitForStatus(post.id, "PUBLISHED", 45_000).catch((err: Error) => {
      throw new Error(`${err.message}\n--- worker output ---\n${second.output().slice(-4000)}`);
    });
    const results = await db.publicationResult.findMany({ where: { publication: { postId: post.id } } });
    expect(results.map((r) => r.status)).toEqual(["SUCCEEDED", "SUCCEEDED", "SUCCEEDED"]);
    expect(receiver.distinctKeys()).toBe(3); // a repeat carried the same key: a key-honouring receiver posts once
    expect(receiver.deliveries.every((d) => d.signatureValid)).toBe(true);
    const hungKey = receiver.deliveries[0]?.idempotencyKey ?? "";
    expect(receiver.countFor(hungKey)).toBe(2);
    expect(await db.publication.count({ where: { postId: post.id } })).toBe(1);
  });

  it("on SIGTERM releases the active publication and exits cleanly; the next worker finishes it", async () => {
    const queue = openQueue();
    const post = await postOnChannels(2, "graceful");
    receiver.plan({ kind: "hang" });
    const first = spawnWorker({ WORKER_SHUTDOWN_GRACE_MS: "1000" });
    await scheduleIn(queue, post.id, 1_500);
    await receiver.waitForDeliveries(2, 30_000);
    first.child.kill("SIGTERM");
    expect(await first.waitForExit(30_000)).toBe(0);

    const released = await db.post.findUniqueOrThrow({ where: { id: post.id } });
    expect(released.status).toBe("PUBLISHING");
    expect(released.leaseUntil?.getTime()).toBeLessThanOrEqual(Date.now());
    const [pending] = await db.publicationResult.findMany({
      where: { publication: { postId: post.id }, status: "PENDING" },
    });
    expect(pending).toMatchObject({ inFlightSince: null });

    const _second = spawnWorker(); // finishes the released publication
    await waitForStatus(post.id, "PUBLISHED");
    const results = await db.publicationResult.findMany({ where: { publication: { postId: post.id } } });
    expect(results.every((r) => r.status === "SUCCEEDED")).toBe(true);
    expect(receiver.distinctKeys()).toBe(2);
  });
});
