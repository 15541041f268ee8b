import { describe, expect, it } from "vitest";
import * as healthRoute from "@/app/api/health/route";
import * as queueRoute from "@/app/api/scheduling/queue/route";
import { getProducerRedis } from "@/lib/db/redis";
import { lastSweepKey, workerHeartbeatKey } from "@/lib/queue/status-keys";
import { callRoute, isolateAppSingletons } from "@/tests/helpers/call-route";
import { setupTestWorkspaces } from "@/tests/helpers/test-workspaces";

const own = isolateAppSingletons();
const { createWorkspace } = setupTestWorkspaces({
  app: own,
  obliterateQueue: true,
  mongo: true,
  async cleanup() {
    const name = own.queue().name;
    await getProducerRedis().del(lastSweepKey(name), workerHeartbeatKey(name, "w1"));
  },
});

const heartbeat = { workerId: "w1", pid: 123, startedAt: "2030-01-01T00:00:00.000Z", at: "2030-01-01T00:00:05.000Z" };

describe("GET /api/scheduling/queue", () => {
  it("needs a token, then shows job counts, the last sweep and live workers", async () => {
    expect((await callRoute(queueRoute.GET, { path: "/api/scheduling/queue" })).status).toBe(401);
    const { workspace, token } = await createWorkspace();
    const queue = own.queue();
    await queue.add("publish-post", { postId: "p", workspaceId: workspace.id, version: 1 }, { delay: 3_600_000 });
    const sweep = {
      at: "2030-01-01T00:05:00.000Z",
      durationMs: 12,
      duePosts: 2,
      jobsRecovered: 1,
      leasesRecovered: 1,
      recoveredPostIds: ["a", "b"],
    };
    await getProducerRedis().set(lastSweepKey(queue.name), JSON.stringify(sweep));
    await getProducerRedis().set(workerHeartbeatKey(queue.name, "w1"), JSON.stringify(heartbeat), "PX", 60_000);

    const res = await callRoute(queueRoute.GET, { path: "/api/scheduling/queue", token });
    expect(res.status).toBe(200);
    expect(res.json).toMatchObject({ queue: queue.name, lastSweep: sweep, workers: [heartbeat] });
    expect(res.json.counts).toMatchObject({ delayed: 1, waiting: 0, active: 0, failed: 0 });
  });

  it("shows no sweep and no workers before any ran", async () => {
    const { token } = await createWorkspace();
    const res = await callRoute(queueRoute.GET, { path: "/api/scheduling/queue", token });
    expect(res.json).toMatchObject({ lastSweep: null, workers: [] });
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
    await getProducerRedis().set(workerHeartbeatKey(own.queue().name, "w1"), JSON.stringify(heartbeat), "PX", 60_000);
    const up = await callRoute(healthRoute.GET, { path: "/api/health" });
    expect(up.status).toBe(200);
    expect(up.json.ok).toBe(true);
  });
});
