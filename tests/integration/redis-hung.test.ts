import { randomUUID } from "node:crypto";
import type { Queue } from "bullmq";
import type { Redis } from "ioredis";
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from "vitest";
import * as queueRoute from "@/app/api/scheduling/queue/route";
import { ApiError } from "@/lib/api/errors";
import { createMongoClient } from "@/lib/db/mongo";
import { createPrismaClient } from "@/lib/db/prisma";
import { createRedis } from "@/lib/db/redis";
import { checkHealth } from "@/lib/health/check-health";
import { createPublishQueue, publishJobId } from "@/lib/queue/publish-queue";
import { schedulePost } from "@/lib/scheduling/schedule-post";
import { unschedulePost } from "@/lib/scheduling/unschedule-post";
import { callRoute } from "@/tests/helpers/call-route";
import { createTestChannel, createTestPost, createTestWorkspace } from "@/tests/helpers/factories";
import { type PrivateRedis, startPrivateRedis } from "@/tests/helpers/private-redis";
import { waitFor } from "@/tests/helpers/wait-for";

// A hung Redis (SIGSTOP: the socket stays open, nothing answers) is not a dead one. Every Redis command on the
// request path must give up on its own, while Redis is still stopped, and a refused schedule must leave nothing
// behind in either store once Redis wakes and runs what was sent to it.

const db = createPrismaClient();
const mongo = createMongoClient();
let server: PrivateRedis;
let producer: Redis;
let queue: Queue;
let workspaceId: string;
let token: string;
let channelId: string;

beforeAll(async () => {
  server = await startPrivateRedis();
});
afterAll(async () => {
  await server.stop();
  await mongo.close();
  await db.$disconnect();
});
beforeEach(async () => {
  producer = createRedis("producer", server.url);
  queue = createPublishQueue(producer, `test-${randomUUID()}`);
  await queue.waitUntilReady();
  const created = await createTestWorkspace(db, {});
  workspaceId = created.workspace.id;
  token = created.token;
  channelId = (await createTestChannel(db, { workspaceId, platform: "SANDBOX" })).id;
});
afterEach(async () => {
  server.resume();
  await queue.obliterate({ force: true }).catch(() => undefined);
  await queue.close();
  producer.disconnect();
  await db.workspace.delete({ where: { id: workspaceId } });
});

const inAnHour = () => new Date(Date.now() + 3_600_000).toISOString();
const row = (id: string) => db.post.findUniqueOrThrow({ where: { id } });
/** Lets the stopped Redis run everything it was sent, and waits until it has (a PING queued behind it answers). */
async function wake() {
  server.resume();
  const witness = createRedis("worker", server.url);
  try {
    await witness.ping();
  } finally {
    witness.disconnect();
  }
  // The producer's own connection is ordered: once its PING answers, the commands sent before it have run.
  for (let i = 0; i < 50; i++) {
    if ((await producer.ping().catch(() => "")) === "PONG") return;
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new Error("producer connection did not come back");
}
/** Runs `call` with Redis stopped; it must settle before Redis is resumed (else the test times out). */
async function whileHung<T>(call: () => Promise<T>): Promise<{ value?: T; error?: unknown }> {
  server.pause();
  try {
    return { value: await call() };
  } catch (error) {
    return { error };
  }
}

describe("Redis hung (SIGSTOP)", () => {
  it("schedule: 503 while Redis is still stopped; after it wakes no job of the refused version exists", async () => {
    const post = await createTestPost(db, { workspaceId, channelIds: [channelId] });
    const before = await row(post.id);
    const { error } = await whileHung(() =>
      schedulePost({ db, queue, workspaceId, postId: post.id, scheduledAt: inAnHour() }),
    );
    expect(error).toBeInstanceOf(ApiError);
    expect(error).toMatchObject({ code: "unavailable", status: 503 });
    expect(await row(post.id)).toEqual(before);

    await wake();
    expect(await queue.getJob(publishJobId(post.id, 1))).toBeUndefined();
    expect(await producer.exists(`bull:${queue.name}:${publishJobId(post.id, 1)}`)).toBe(0);
    expect(await queue.getJobCounts("delayed", "waiting", "active")).toEqual({ delayed: 0, waiting: 0, active: 0 });
    expect(await row(post.id)).toEqual(before);

    // And the same version can be scheduled for real afterwards, at the new time.
    const scheduled = await schedulePost({ db, queue, workspaceId, postId: post.id, scheduledAt: inAnHour() });
    expect(scheduled).toMatchObject({ status: "SCHEDULED", version: 1 });
    expect(await (await queue.getJob(publishJobId(post.id, 1)))?.isDelayed()).toBe(true);
  });

  it("schedule: when the add itself reached Redis before it stopped, the add is undone once Redis wakes", async () => {
    const post = await createTestPost(db, { workspaceId, channelIds: [channelId] });
    const before = await row(post.id);
    // Redis stops right after the first step (the removal of a leftover) answers: the add is sent to a stopped
    // Redis, which will run it when it wakes — after the commit was already refused.
    const remove = queue.remove.bind(queue);
    let calls = 0;
    queue.remove = async (...args: Parameters<Queue["remove"]>) => {
      const first = ++calls === 1;
      const removed = await remove(...args);
      if (first) server.pause();
      return removed;
    };
    try {
      const attempt = schedulePost({ db, queue, workspaceId, postId: post.id, scheduledAt: inAnHour() });
      await expect(attempt).rejects.toMatchObject({ code: "unavailable", status: 503 });
    } finally {
      queue.remove = remove;
    }
    expect(calls).toBe(2); // the leftover check, then the compensating removal
    await wake();
    expect(await queue.getJob(publishJobId(post.id, 1))).toBeUndefined();
    expect(await queue.getJobCounts("delayed", "waiting")).toEqual({ delayed: 0, waiting: 0 });
    expect(await row(post.id)).toEqual(before);
  });

  it("reschedule: 503; the scheduled version and its job are untouched, the refused version leaves no job", async () => {
    const post = await createTestPost(db, { workspaceId, channelIds: [channelId] });
    await schedulePost({ db, queue, workspaceId, postId: post.id, scheduledAt: inAnHour() });
    const before = await row(post.id);
    const { error } = await whileHung(() =>
      schedulePost({ db, queue, workspaceId, postId: post.id, scheduledAt: inAnHour() }),
    );
    expect(error).toMatchObject({ code: "unavailable", status: 503 });
    await wake();
    expect(await row(post.id)).toEqual(before);
    expect(before.version).toBe(1);
    expect((await queue.getJobs(["delayed", "waiting"])).map((j) => j.id)).toEqual([publishJobId(post.id, 1)]);
  });

  it("unschedule answers while Redis is stopped, and the old job is gone once Redis wakes", async () => {
    const post = await createTestPost(db, { workspaceId, channelIds: [channelId] });
    await schedulePost({ db, queue, workspaceId, postId: post.id, scheduledAt: inAnHour() });
    const { value } = await whileHung(() => unschedulePost({ db, queue, workspaceId, postId: post.id }));
    expect(value).toMatchObject({ status: "DRAFT", version: 2 });
    await wake();
    expect(await queue.getJobs(["delayed", "waiting"])).toEqual([]);
  });

  it("health and the queue status route answer while Redis is stopped", async () => {
    const health = await whileHung(() => checkHealth({ db, queue, redis: producer, mongo }));
    expect(health.value?.ok).toBe(false);
    expect(health.value?.checks.redis).toMatchObject({ ok: false });
    expect(health.value?.checks.postgres).toMatchObject({ ok: true });

    // The route on the app's singletons, pointed at this stopped Redis.
    const app = globalThis as unknown as { cadenceRedis?: Redis; cadencePublishQueue?: Queue };
    const saved = { redis: app.cadenceRedis, queue: app.cadencePublishQueue };
    app.cadenceRedis = producer;
    app.cadencePublishQueue = queue;
    try {
      const status = await whileHung(() => callRoute(queueRoute.GET, { path: "/api/scheduling/queue", token }));
      expect(status.value?.status).toBe(503);
      expect(status.value?.json.error.code).toBe("unavailable");
    } finally {
      app.cadenceRedis = saved.redis;
      app.cadencePublishQueue = saved.queue;
    }
  });
});

describe("Redis dead under the web app", () => {
  it("the queue's connection errors print no stack to stderr (one structured outage line instead)", async () => {
    const own = await startPrivateRedis();
    const conn = createRedis("producer", own.url);
    const ownQueue = createPublishQueue(conn, `test-${randomUUID()}`);
    await ownQueue.waitUntilReady();
    const printed: unknown[] = [];
    const original = console.error;
    console.error = (...args: unknown[]) => {
      printed.push(args);
    };
    try {
      await own.stop();
      await waitFor(() => conn.status !== "ready", { what: "the connection to notice" });
      await expect(ownQueue.getJobCounts("delayed")).rejects.toThrow();
      // A few reconnect rounds, each an 'error' event on the connection and the queue.
      await new Promise((resolve) => setTimeout(resolve, 1_500));
    } finally {
      console.error = original;
      conn.disconnect();
      await ownQueue.close().catch(() => undefined);
    }
    expect(printed).toEqual([]);
  });
});
