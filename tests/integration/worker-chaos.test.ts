import { describe, expect, it } from "vitest";
import { createPublishQueue } from "@/lib/queue/publish-queue";
import { lastSweepKey, workerHeartbeatPattern } from "@/lib/queue/status-keys";
import { schedulePost } from "@/lib/scheduling/schedule-post";
import { createTestChannel, createTestPost } from "@/tests/helpers/factories";
import { startPrivateRedis } from "@/tests/helpers/private-redis";
import { waitFor } from "@/tests/helpers/wait-for";
import type { WebhookReceiver } from "@/tests/helpers/webhook-receiver";
import { setupWorkerProcessSuite, spawnWorkerProcess } from "@/tests/helpers/worker-process";

// The chaos runs' faults, replayed on real worker processes: a frozen worker waking after a takeover, and the
// log lines of a Redis outage.

const SECRET = "chaos-secret";
let receiver: WebhookReceiver;
let workspaceId: string;
let queueName: string;
const { db, redis, cleanups } = setupWorkerProcessSuite(SECRET, (state) => {
  ({ receiver, workspaceId, queueName } = state);
});

function spawnWorker(extra: Record<string, string> = {}) {
  const worker = spawnWorkerProcess({
    PUBLISH_QUEUE_NAME: queueName,
    PUBLISH_LEASE_MS: "2000",
    PUBLISH_BACKOFF_MS: "200",
    WORKER_CONCURRENCY: "5",
    ...extra,
  });
  cleanups.push(() => worker.stop());
  return worker;
}

describe("worker processes under faults", () => {
  it("a worker frozen (SIGSTOP) past its lease wakes after the takeover and changes nothing", async () => {
    const queue = createPublishQueue(redis, queueName);
    cleanups.push(async () => {
      await queue.obliterate({ force: true });
      await queue.close();
      await redis.del(lastSweepKey(queueName), ...(await redis.keys(workerHeartbeatPattern(queueName))));
    });
    const channel = await createTestChannel(db, {
      workspaceId,
      platform: "WEBHOOK",
      config: { url: receiver.url },
      credentials: { secret: SECRET },
    });
    const post = await createTestPost(db, { workspaceId, channelIds: [channel.id], content: "frozen" });
    receiver.plan({ kind: "hang" }); // worker A's request gets no answer; A times out on it 3 s after sending
    const a = spawnWorker({ WEBHOOK_TIMEOUT_MS: "3000" });
    await waitFor(() => a.output().includes("worker started"), { what: "worker A to start" });
    await schedulePost({
      db,
      queue,
      workspaceId,
      postId: post.id,
      scheduledAt: new Date(Date.now() + 1_000).toISOString(),
    });
    await receiver.waitForDeliveries(1, 20_000);
    a.child.kill("SIGSTOP");
    cleanups.push(async () => a.child.kill("SIGCONT"));

    // B takes the job over once A's lock and lease run out, re-sends with the same key, and settles it.
    const b = spawnWorker({ WEBHOOK_TIMEOUT_MS: "60000" });
    await waitFor(async () => (await db.post.findUniqueOrThrow({ where: { id: post.id } })).status === "PUBLISHED", {
      what: "worker B to publish the post",
      timeoutMs: 30_000,
    }).catch((err: Error) => {
      throw new Error(`${err.message}\n--- B ---\n${b.output().slice(-3000)}`);
    });
    const settled = await db.publicationResult.findMany({ where: { publication: { postId: post.id } } });
    expect(settled).toHaveLength(1);
    expect(settled[0]).toMatchObject({ status: "SUCCEEDED", errorMessage: null });

    // A wakes: its timer fires, the request times out, and its write for the result is refused.
    a.child.kill("SIGCONT");
    await waitFor(() => a.output().includes("stale worker write dropped"), {
      what: "worker A to find its lease gone",
      timeoutMs: 20_000,
    }).catch((err: Error) => {
      throw new Error(`${err.message}\n--- A ---\n${a.output().slice(-3000)}`);
    });
    const line = a
      .output()
      .split("\n")
      .find((l) => l.includes("stale worker write dropped"));
    expect(JSON.parse(line ?? "{}")).toMatchObject({ postId: post.id, version: 1, epoch: 1 });
    expect(await db.publicationResult.findMany({ where: { publication: { postId: post.id } } })).toEqual(settled);
    expect(await db.post.findUniqueOrThrow({ where: { id: post.id } })).toMatchObject({
      status: "PUBLISHED",
      publishCount: 1,
      leaseEpoch: 2,
    });
    expect(receiver.distinctKeys()).toBe(1); // both requests carried the same key: one post on a key-honouring receiver
  });

  it("a Redis outage is one structured line when it starts and one when it ends, no stack prints", async () => {
    const server = await startPrivateRedis();
    cleanups.push(() => server.stop());
    const worker = spawnWorker({ REDIS_URL: server.url, SCHEDULER_CHECK_MS: "1000" });
    await waitFor(() => worker.output().includes("worker started"), { what: "the worker to start" });
    await server.stop(); // Redis dies: every connection retries over and over

    await waitFor(() => worker.output().includes('"msg":"redis unreachable"'), { what: "the outage line" });
    // Give the connections several reconnect rounds (ioredis retries within ~50-2000 ms each).
    await new Promise((resolve) => setTimeout(resolve, 4_000));
    const back = await startPrivateRedis(server.port);
    cleanups.push(() => back.stop());
    await waitFor(() => worker.output().includes('"msg":"redis reachable again"'), {
      what: "the recovery line",
      timeoutMs: 30_000,
    });

    const lines = worker
      .output()
      .split("\n")
      .filter((l) => l.trim() !== "");
    const parsed = lines.map((l) => {
      try {
        return JSON.parse(l) as { msg?: string; suppressed?: number };
      } catch {
        throw new Error(`not a JSON log line: ${l}`);
      }
    });
    expect(parsed.filter((l) => l.msg === "redis unreachable")).toHaveLength(1);
    expect(parsed.filter((l) => l.msg === "redis reachable again")).toHaveLength(1);
    expect(worker.output()).not.toContain("[ioredis]");
    expect(parsed.find((l) => l.msg === "redis reachable again")).toMatchObject({
      errorsSuppressed: expect.any(Number),
    });
  });
});
