import { randomUUID } from "node:crypto";
import { type Job, Worker } from "bullmq";
import { afterAll, afterEach, beforeEach, describe, expect, it } from "vitest";
import * as postsRoute from "@/app/api/posts/route";
import * as scheduleRoute from "@/app/api/scheduling/posts/[id]/schedule/route";
import { createPrismaClient } from "@/lib/db/prisma";
import { createRedis } from "@/lib/db/redis";
import { createSqlPool, type Sql } from "@/lib/db/sql";
import type { PrismaClient } from "@/lib/generated/prisma/client";
import { processPublishJob } from "@/lib/publishing/process-publish-job";
import { createPublishQueue, publishJobId } from "@/lib/queue/publish-queue";
import { schedulePost } from "@/lib/scheduling/schedule-post";
import { callRoute } from "@/tests/helpers/call-route";
import { createTestChannel, createTestPost, createTestWorkspace } from "@/tests/helpers/factories";
import { waitFor } from "@/tests/helpers/wait-for";

// Our own PostgreSQL unreachable: the API says so (503 `unavailable`, naming the database) instead of a bare 500,
// and the worker waits it out without spending the post's publish attempts (those are for the platform's faults).

process.env.PUBLISH_MAX_ATTEMPTS = "2"; // few attempts: an outage that spent them would fail the post
process.env.PUBLISH_BACKOFF_MS = "200";
const DEAD_DATABASE_URL = "postgresql://cadence:x@127.0.0.1:1/cadence"; // nothing listens on port 1

const db = createPrismaClient();
let workspaceId: string;
let token: string;

beforeEach(async () => {
  ({
    workspace: { id: workspaceId },
    token,
  } = await createTestWorkspace(db, {}));
});
afterEach(async () => {
  await db.workspace.delete({ where: { id: workspaceId } });
});
afterAll(() => db.$disconnect());

describe("API with PostgreSQL unreachable", () => {
  const app = globalThis as unknown as { cadencePrisma?: PrismaClient };
  let saved: PrismaClient | undefined;
  beforeEach(() => {
    saved = app.cadencePrisma;
    app.cadencePrisma = createPrismaClient(DEAD_DATABASE_URL);
  });
  afterEach(async () => {
    await app.cadencePrisma?.$disconnect();
    app.cadencePrisma = saved;
  });

  const unavailable = {
    error: { code: "unavailable", message: "The database (PostgreSQL) is unreachable; try again later" },
  };

  it("scheduling answers 503 unavailable naming the database, not 500", async () => {
    const res = await callRoute(scheduleRoute.POST, {
      method: "POST",
      path: "/api/scheduling/posts/id/schedule",
      token,
      params: { id: "any-post" },
      body: { scheduledAt: new Date(Date.now() + 3_600_000).toISOString() },
    });
    expect(res.status).toBe(503);
    expect(res.json).toEqual(unavailable);
  });

  it("reads and writes of other routes answer the same", async () => {
    const list = await callRoute(postsRoute.GET, { path: "/api/posts", token });
    expect(list.status).toBe(503);
    expect(list.json).toEqual(unavailable);
    const create = await callRoute(postsRoute.POST, { method: "POST", path: "/api/posts", token, body: {} });
    expect([400, 503]).toContain(create.status); // input is checked first or the database is found down first
    if (create.status === 503) expect(create.json).toEqual(unavailable);
  });
});

describe("publish worker with PostgreSQL unreachable", () => {
  it("retries without spending attempts and publishes once the database is back", async () => {
    const live = createSqlPool();
    const dead = createSqlPool(DEAD_DATABASE_URL);
    let down = true;
    // The real pools: the processor's statements go to the dead one while `down`.
    const sql: Sql = {
      query: ((...args: Parameters<Sql["query"]>) => (down ? dead : live).query(...args)) as Sql["query"],
    };
    const redis = createRedis("worker");
    const workerRedis = createRedis("worker");
    const queue = createPublishQueue(redis, `test-${randomUUID()}`);
    let runsWhileDown = 0;
    const worker = new Worker(
      queue.name,
      async (job: Job, token?: string) => {
        if (down && ++runsWhileDown >= 4) down = false; // the outage outlasts twice the attempts (2)
        return processPublishJob({ sql, job, token });
      },
      { connection: workerRedis, lockDuration: 5_000 },
    );
    try {
      const channel = await createTestChannel(db, { workspaceId, platform: "SANDBOX" });
      const post = await createTestPost(db, { workspaceId, channelIds: [channel.id] });
      await schedulePost({
        db,
        queue,
        workspaceId,
        postId: post.id,
        scheduledAt: new Date(Date.now() + 300).toISOString(),
      });
      await waitFor(async () => (await db.post.findUniqueOrThrow({ where: { id: post.id } })).status === "PUBLISHED", {
        what: "the post to be published after the outage",
      });
      expect(runsWhileDown).toBe(4);
      const job = await queue.getJob(publishJobId(post.id, 1));
      expect(job?.attemptsMade).toBe(1); // only the run that published: the outage's runs spent none
      expect(job?.returnvalue).toMatchObject({ outcome: "finished", status: "SUCCEEDED" });
      const [result, ...more] = await db.publicationResult.findMany({ where: { publication: { postId: post.id } } });
      expect(more).toHaveLength(0);
      expect(result).toMatchObject({ status: "SUCCEEDED", attempts: 1 });
    } finally {
      await worker.close();
      await queue.obliterate({ force: true });
      await queue.close();
      await Promise.allSettled([redis.quit(), workerRedis.quit(), live.end(), dead.end()]);
    }
  });
});
