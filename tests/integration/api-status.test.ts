import { describe, expect, it } from "vitest";
import * as healthRoute from "@/app/api/health/route";
import * as queueRoute from "@/app/api/scheduling/queue/route";
import { getProducerRedis } from "@/lib/db/redis";
import { publishJobId } from "@/lib/queue/publish-queue";
import { lastSweepKey, workerHeartbeatKey } from "@/lib/queue/status-keys";
import { getDeploymentQueueStatus } from "@/lib/scheduling/get-deployment-queue-status";
import { callRoute, isolateAppSingletons } from "@/tests/helpers/call-route";
import { createTestPost } from "@/tests/helpers/factories";
import { setupTestWorkspaces } from "@/tests/helpers/test-workspaces";

const own = isolateAppSingletons();
const { db, createWorkspace } = setupTestWorkspaces({
  app: own,
  obliterateQueue: true,
  mongo: true,
  async cleanup() {
    const name = own.queue().name;
    await getProducerRedis().del(lastSweepKey(name), workerHeartbeatKey(name, WORKER_ID));
  },
});

// Distinctive values: a short id like "w1" or pid 123 can occur inside a random cuid and fail the
// "never shown" check by chance (CI saw "cmx2glw1y…").
const WORKER_ID = "worker-host-7f3a9c";
const heartbeat = {
  workerId: WORKER_ID,
  pid: 4_194_301,
  startedAt: "2030-01-01T00:00:00.000Z",
  at: "2030-01-01T00:00:05.000Z",
};

describe("GET /api/scheduling/queue", () => {
  it("needs a token, then shows only this workspace's posts' jobs and a live-worker count, never other ids", async () => {
    expect((await callRoute(queueRoute.GET, { path: "/api/scheduling/queue" })).status).toBe(401);
    const mine = await createWorkspace();
    const theirs = await createWorkspace();
    const queue = own.queue();
    const scheduled = async (workspaceId: string) => {
      const post = await createTestPost(db, { workspaceId, channelIds: [] });
      await db.post.update({ where: { id: post.id }, data: { status: "SCHEDULED", version: 1 } });
      await queue.add(
        "publish-post",
        { postId: post.id, workspaceId, version: 1 },
        { jobId: publishJobId(post.id, 1), delay: 3_600_000 },
      );
      return post;
    };
    const myPost = await scheduled(mine.workspace.id);
    const theirPost = await scheduled(theirs.workspace.id);
    await scheduled(theirs.workspace.id);
    const sweep = {
      at: "2030-01-01T00:05:00.000Z",
      durationMs: 12,
      duePosts: 2,
      jobsRecovered: 1,
      leasesRecovered: 1,
      recoveredPostIds: [theirPost.id],
    };
    await getProducerRedis().set(lastSweepKey(queue.name), JSON.stringify(sweep));
    await getProducerRedis().set(workerHeartbeatKey(queue.name, WORKER_ID), JSON.stringify(heartbeat), "PX", 60_000);

    const res = await callRoute(queueRoute.GET, { path: "/api/scheduling/queue", token: mine.token });
    expect(res.status).toBe(200);
    expect(res.json).toEqual({
      counts: { waiting: 0, delayed: 1, prioritized: 0, active: 0, completed: 0, failed: 0, "waiting-children": 0 },
      jobs: [{ postId: myPost.id, version: 1, state: "delayed" }],
      liveWorkers: 1,
    });
    // Nothing of the deployment: no other workspace's ids, no worker id, no queue name.
    for (const secret of [theirPost.id, WORKER_ID, queue.name, String(heartbeat.pid)])
      expect(res.text).not.toContain(secret);

    // The operator's view (npm run cadence -- queue status) has the deployment-wide figures.
    const all = await getDeploymentQueueStatus({ queue, redis: getProducerRedis() });
    expect(all).toMatchObject({ queue: queue.name, lastSweep: sweep, workers: [heartbeat] });
    expect(all.counts).toMatchObject({ delayed: 3 });
  });

  it("shows no jobs and no live worker before any ran", async () => {
    const { token } = await createWorkspace();
    const res = await callRoute(queueRoute.GET, { path: "/api/scheduling/queue", token });
    expect(res.json).toMatchObject({ jobs: [], liveWorkers: 0, counts: { delayed: 0, active: 0 } });
  });
});

describe("GET /api/health", () => {
  it("is 503 naming the worker while no worker beats, 200 once one does", async () => {
    const down = await callRoute(healthRoute.GET, { path: "/api/health" });
    expect(down.status).toBe(503);
    expect(down.json).toMatchObject({
      ok: false,
      checks: {
        postgres: { ok: true },
        redis: { ok: true },
        mongodb: { ok: true },
        worker: { ok: false, error: "no worker heartbeat" },
      },
    });
    await getProducerRedis().set(
      workerHeartbeatKey(own.queue().name, WORKER_ID),
      JSON.stringify(heartbeat),
      "PX",
      60_000,
    );
    const up = await callRoute(healthRoute.GET, { path: "/api/health" });
    expect(up.status).toBe(200);
    expect(up.json.ok).toBe(true);
  });
});
