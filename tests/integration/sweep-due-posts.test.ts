import { randomUUID } from "node:crypto";
import { afterAll, afterEach, beforeEach, describe, expect, it } from "vitest";
import { createPrismaClient, type Db } from "@/lib/db/prisma";
import { createRedis } from "@/lib/db/redis";
import { getEnv } from "@/lib/env";
import { createPublishQueue, publishJobId } from "@/lib/queue/publish-queue";
import { lastSweepKey } from "@/lib/queue/status-keys";
import { schedulePost } from "@/lib/scheduling/schedule-post";
import { sweepDuePosts } from "@/lib/scheduling/sweep-due-posts";
import { createTestChannel, createTestPost, createTestWorkspace } from "@/tests/helpers/factories";

// The sweeper re-creates lost jobs: each one must fire at its post's time however long the sweep has run, and a
// post whose job finished while the sweep was running is not "recovered".

const db = createPrismaClient();
const redis = createRedis("worker");
const queue = createPublishQueue(redis, `test-${randomUUID()}`);
let workspaceId: string;
let channelId: string;

beforeEach(async () => {
  workspaceId = (await createTestWorkspace(db, {})).workspace.id;
  channelId = (await createTestChannel(db, { workspaceId, platform: "SANDBOX" })).id;
});
afterEach(async () => {
  await queue.obliterate({ force: true });
  await redis.del(lastSweepKey(queue.name));
  await db.workspace.delete({ where: { id: workspaceId } });
});
afterAll(async () => {
  await queue.close();
  await redis.quit();
  await db.$disconnect();
});

async function scheduledPost(inMs: number) {
  const post = await createTestPost(db, { workspaceId, channelIds: [channelId] });
  await schedulePost({
    db,
    queue,
    workspaceId,
    postId: post.id,
    scheduledAt: new Date(Date.now() + inMs).toISOString(),
  });
  await queue.remove(publishJobId(post.id, 1)); // Redis lost it
  return db.post.findUniqueOrThrow({ where: { id: post.id } });
}

describe("sweeper", () => {
  it("re-creates a lost future job due at its post's time, not later by how long the sweep has run", async () => {
    const posts = [await scheduledPost(10 * 60_000), await scheduledPost(20 * 60_000)];
    // A sweep that started a minute ago (a long sweep over many posts): its start must not be the jobs' clock.
    const startedAMinuteAgo = new Date(Date.now() - 60_000);
    const sweep = await sweepDuePosts({ db, queue, redis, includeFuture: true, now: () => startedAMinuteAgo });
    expect(sweep.jobsRecovered).toBe(2);
    for (const post of posts) {
      const job = await queue.getJob(publishJobId(post.id, 1));
      expect(await job?.isDelayed()).toBe(true);
      const dueAt = (job?.timestamp ?? 0) + (job?.delay ?? 0);
      const wakeAt = (post.scheduledAt?.getTime() ?? 0) - getEnv().PUBLISH_PREWAKE_MS;
      // The add's own clock and BullMQ's timestamp differ by the few ms between them; 60 s late was the fault.
      expect(Math.abs(dueAt - wakeAt)).toBeLessThan(1_000);
    }
  });

  it("does not count (or re-add) a post whose job completed while the sweep was running", async () => {
    const post = await scheduledPost(60_000);
    await db.post.update({ where: { id: post.id }, data: { scheduledAt: new Date(Date.now() - 1_000) } });
    // The sweep reads its page, then the post's job finishes (published) before the sweep reaches it.
    const racing = Object.create(db) as Db;
    Object.defineProperty(racing, "post", {
      value: {
        ...db.post,
        findFirst: db.post.findFirst.bind(db.post),
        findMany: async (args: Parameters<Db["post"]["findMany"]>[0]) => {
          const page = await db.post.findMany(args);
          if (page.some((p) => p.id === post.id)) {
            await db.post.update({ where: { id: post.id }, data: { status: "PUBLISHED", publishCount: 1 } });
          }
          return page;
        },
      },
    });
    const sweep = await sweepDuePosts({ db: racing, queue, redis });
    expect(sweep.duePosts).toBe(1); // it was seen due…
    expect(sweep).toMatchObject({ jobsRecovered: 0, leasesRecovered: 0, recoveredPostIds: [] }); // …not recovered
    expect(await queue.getJob(publishJobId(post.id, 1))).toBeUndefined();
  });

  it("still re-adds a due post whose job is really gone", async () => {
    const post = await scheduledPost(60_000);
    await db.post.update({ where: { id: post.id }, data: { scheduledAt: new Date(Date.now() - 1_000) } });
    const sweep = await sweepDuePosts({ db, queue, redis });
    expect(sweep).toMatchObject({ duePosts: 1, jobsRecovered: 1, recoveredPostIds: [post.id] });
    expect(await queue.getJob(publishJobId(post.id, 1))).toBeDefined();
  });
});
