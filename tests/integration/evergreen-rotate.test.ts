import { beforeEach, describe, expect, it } from "vitest";
import * as rotateRoute from "@/app/api/scheduling/evergreen/rotate/route";
import { ApiError } from "@/lib/api/errors";
import { markChannelNeedsReconnect } from "@/lib/channels/mark-channel-needs-reconnect";
import { createMongoClient, getMetricsDb } from "@/lib/db/mongo";
import { createRedis } from "@/lib/db/redis";
import { rankEvergreen } from "@/lib/evergreen/evergreen-priority";
import { rotateEvergreen } from "@/lib/evergreen/evergreen-rotation";
import type { Platform, PostStatus } from "@/lib/generated/prisma/enums";
import { createPublishQueue, publishJobId } from "@/lib/queue/publish-queue";
import { markPostsScheduled } from "@/lib/scheduling/mark-posts-scheduled";
import { schedulePost } from "@/lib/scheduling/schedule-post";
import { callRoute, isolateAppSingletons } from "@/tests/helpers/call-route";
import { createTestChannel, createTestPost } from "@/tests/helpers/factories";
import { setupTestWorkspaces } from "@/tests/helpers/test-workspaces";

const own = isolateAppSingletons();
const { db, createWorkspace } = setupTestWorkspaces({ app: own, obliterateQueue: true, mongo: true });
const DAY = 86_400_000;
const HOUR = 3_600_000;
let token: string, workspaceId: string, channelId: string;

beforeEach(async () => {
  // A channel that publishes, with Bluesky's 300-character limit set as a channel limit (the refusal test needs one).
  const limits = { maxCharacters: 300 };
  ({ token, workspaceId, channelId } = await createWorkspace({ timezone: "Europe/Berlin" }, [
    { displayName: "Sky", config: { limits } },
  ]));
});

/** An evergreen post with a publish history: `lastDays` days since its last publish (null: never), `count` runs. */
async function evergreen({
  lastDays = null,
  count = lastDays === null ? 0 : 1,
  createdDays = 400,
  status,
  channels = [channelId],
  content,
  tags = ["evergreen"],
  inWorkspace = workspaceId,
}: {
  lastDays?: number | null;
  count?: number;
  createdDays?: number;
  status?: PostStatus;
  channels?: string[];
  content?: string;
  tags?: string[];
  inWorkspace?: string;
} = {}) {
  const post = await createTestPost(db, { workspaceId: inWorkspace, channelIds: channels, tags, content });
  return db.post.update({
    where: { id: post.id },
    data: {
      createdAt: new Date(Date.now() - createdDays * DAY),
      publishCount: count,
      lastPublishedAt: lastDays === null ? null : new Date(Date.now() - lastDays * DAY),
      status: status ?? (lastDays === null ? "DRAFT" : "PUBLISHED"),
    },
  });
}

const rotate = (body: unknown, as = token) =>
  callRoute(rotateRoute.POST, { method: "POST", path: "/api/scheduling/evergreen/rotate", token: as, body });
const rows = (ids: string[]) => db.post.findMany({ where: { id: { in: ids } }, orderBy: { id: "asc" } });
const jobIds = async () =>
  (await own.queue().getJobs(["delayed", "waiting", "prioritized", "active"])).map((j) => j.id).sort();
const snapshot = async (ids: string[]) =>
  (await rows(ids)).map(
    ({ id, status, scheduledAt, timezone, version, leaseUntil, publishCount, lastPublishedAt }) => ({
      id,
      status,
      scheduledAt,
      timezone,
      version,
      leaseUntil,
      publishCount,
      lastPublishedAt,
    }),
  );

describe("POST /api/scheduling/evergreen/rotate", () => {
  it("schedules the top `count` by priority, each through the scheduling rules (version+1, one job each)", async () => {
    const neverOld = await evergreen({ createdDays: 300 });
    const neverNew = await evergreen({ createdDays: 5 });
    const rested = await evergreen({ lastDays: 100, count: 1 });
    const overused = await evergreen({ lastDays: 100, count: 20 });
    const recent = await evergreen({ lastDays: 30, count: 1 });
    const all = [neverOld, neverNew, rested, overused, recent];
    const expected = rankEvergreen(all, new Date()).map((p) => p.id);
    // 100 days over 1 + ln 21 (24.7) still beats 30 days over 1 + ln 2 (17.7): rest outweighs overuse here.
    expect(expected).toEqual([neverOld.id, neverNew.id, rested.id, overused.id, recent.id]);

    const res = await rotate({ count: 3 });
    expect(res.status).toBe(200);
    expect(res.json.skipped).toEqual([]);
    const scheduled = res.json.scheduled as {
      post: { id: string; status: string; version: number };
      priority: number;
      scheduledAt: string;
      scheduledAtLocal: string;
    }[];
    expect(scheduled.map((s) => s.post.id)).toEqual(expected.slice(0, 3));
    const priorities = scheduled.map((s) => s.priority);
    expect([...priorities].sort((a, b) => b - a)).toEqual(priorities);
    expect(priorities[0]).toBeGreaterThanOrEqual(10_000);
    expect(priorities[2]).toBeCloseTo(100 / (1 + Math.log(2)), 2);

    for (const s of scheduled) {
      expect(s.post).toMatchObject({ status: "SCHEDULED", version: 1, scheduledAt: s.scheduledAt });
      expect(new Date(s.scheduledAtLocal).getTime()).toBe(Date.parse(s.scheduledAt));
      const job = await own.queue().getJob(publishJobId(s.post.id, 1));
      expect(job?.data).toEqual({ postId: s.post.id, workspaceId, version: 1 });
    }
    expect(await jobIds()).toEqual(scheduled.map((s) => publishJobId(s.post.id, 1)).sort());
    // The highest priority goes out first.
    const times = scheduled.map((s) => Date.parse(s.scheduledAt));
    expect([...times].sort((a, b) => a - b)).toEqual(times);
    // The rest of the library is untouched.
    for (const r of await rows([overused.id, recent.id])) expect(r).toMatchObject({ status: "PUBLISHED", version: 0 });
    // Publish history is the worker's to change, not the rotation's.
    expect((await rows([rested.id]))[0]).toMatchObject({ publishCount: 1, status: "SCHEDULED" });
  });

  it("puts times in the future, after `from`, at least the gap apart and away from posts already scheduled", async () => {
    const from = new Date(Date.now() + 10 * DAY);
    const existing = await evergreen({ tags: ["launch"] });
    const existingAt = new Date(from.getTime() + 2 * DAY);
    await schedulePost({
      db,
      queue: own.queue(),
      workspaceId,
      postId: existing.id,
      scheduledAt: existingAt.toISOString(),
    });
    for (let i = 0; i < 8; i++) await evergreen({ createdDays: 10 + i });

    const res = await rotate({ count: 8, from: from.toISOString(), timezone: "America/New_York" });
    expect(res.status).toBe(200);
    const times = (res.json.scheduled as { scheduledAt: string }[]).map((s) => Date.parse(s.scheduledAt));
    expect(times).toHaveLength(8);
    for (const t of times) {
      expect(t).toBeGreaterThan(from.getTime());
      expect(Math.abs(t - existingAt.getTime())).toBeGreaterThanOrEqual(HOUR);
    }
    const sorted = [...times].sort((a, b) => a - b);
    for (let i = 1; i < sorted.length; i++)
      expect((sorted[i] as number) - (sorted[i - 1] as number)).toBeGreaterThanOrEqual(HOUR);
    // Spread over several slots, not stacked on the single best one week after week.
    const slots = new Set(
      (res.json.scheduled as { scheduledAtLocal: string }[]).map((s) => s.scheduledAtLocal.slice(11, 13)),
    );
    expect(slots.size).toBeGreaterThan(1);
    // Local times are read in the requested zone: New York's offset, on the hour.
    for (const s of res.json.scheduled as { scheduledAtLocal: string; post: { timezone: string } }[]) {
      expect(s.scheduledAtLocal).toMatch(/T\d{2}:00:00-0[45]:00$/);
      expect(s.post.timezone).toBe("America/New_York");
    }
  });

  it("skips posts with a reason: scheduled, publishing, published too recently, no active channel, a channel that cannot publish", async () => {
    const eligible = await evergreen({ lastDays: 40 });
    const scheduled = await evergreen();
    await schedulePost({
      db,
      queue: own.queue(),
      workspaceId,
      postId: scheduled.id,
      scheduledAt: new Date(Date.now() + DAY).toISOString(),
    });
    const publishing = await evergreen({ lastDays: 50, status: "PUBLISHING" });
    const recent = await evergreen({ lastDays: 2, count: 3 });
    const inactive = await createTestChannel(db, { workspaceId, platform: "SANDBOX", active: false });
    const noChannel = await evergreen({ channels: [inactive.id] });
    const notEvergreen = await evergreen({ tags: ["launch"] });
    const x = await createTestChannel(db, { workspaceId, platform: "TIKTOK", displayName: "TikTok main" });
    const onX = await evergreen({ channels: [channelId, x.id] });
    const stale = await createTestChannel(db, { workspaceId, platform: "SANDBOX", displayName: "Stale box" });
    await markChannelNeedsReconnect({ db, channelId: stale.id, reason: "the session was revoked" });
    const onStale = await evergreen({ channels: [stale.id] });
    const all = [scheduled.id, publishing.id, recent.id, noChannel.id, notEvergreen.id, onX.id, onStale.id];
    const before = await snapshot(all);

    const res = await rotate({ count: 10 });
    expect(res.status).toBe(200);
    expect(res.json.scheduled.map((s: { post: { id: string } }) => s.post.id)).toEqual([eligible.id]);
    const skipped = Object.fromEntries(
      (res.json.skipped as { postId: string; reason: string; message: string }[]).map((s) => [s.postId, s]),
    );
    const skippedIds = [scheduled.id, publishing.id, recent.id, noChannel.id, onX.id, onStale.id];
    expect(Object.keys(skipped).sort()).toEqual(skippedIds.sort());
    expect(skipped[scheduled.id]?.reason).toBe("scheduled");
    expect(skipped[publishing.id]?.reason).toBe("publishing");
    expect(skipped[recent.id]?.reason).toBe("published_recently");
    expect(skipped[recent.id]?.message).toMatch(/less than 7 days ago/);
    expect(skipped[noChannel.id]?.reason).toBe("no_active_channel");
    expect(skipped[onX.id]).toMatchObject({
      reason: "channel_cannot_publish",
      message: "TikTok main: TikTok can't be published to yet",
    });
    expect(skipped[onStale.id]).toMatchObject({
      reason: "channel_cannot_publish",
      message: "Stale box needs reconnecting: the session was revoked",
    });
    expect(await snapshot(all)).toEqual(before);
  });

  it("honours a custom minimum interval (service option, as EVERGREEN_MIN_INTERVAL_DAYS sets it)", async () => {
    const fiveDays = await evergreen({ lastDays: 5 });
    const res = await rotateEvergreen({ db, queue: own.queue(), workspaceId, count: 5, minIntervalDays: 3 });
    expect(res.scheduled.map((s) => s.post.id)).toEqual([fiveDays.id]);
    const strict = await evergreen({ lastDays: 20 });
    const again = await rotateEvergreen({ db, queue: own.queue(), workspaceId, count: 5, minIntervalDays: 30 });
    expect(again.scheduled).toEqual([]);
    expect(again.skipped.find((s) => s.postId === strict.id)?.reason).toBe("published_recently");
  });

  it("only rotates posts with a channel of `platform` when given, and times them for that platform", async () => {
    const config = { url: "https://example.test/hook" };
    const hook = await createTestChannel(db, { workspaceId, platform: "WEBHOOK", displayName: "Box", config });
    const sky = await evergreen();
    const box = await evergreen({ channels: [hook.id] });
    const res = await rotate({ count: 10, platform: "WEBHOOK" });
    expect(res.status).toBe(200);
    expect(
      res.json.scheduled.map((s: { post: { id: string }; platform: Platform }) => [s.post.id, s.platform]),
    ).toEqual([[box.id, "WEBHOOK"]]);
    expect((await rows([sky.id]))[0]?.status).toBe("DRAFT");
  });

  it("is idempotent: a second call schedules nothing new and leaves jobs and versions as they were", async () => {
    for (let i = 0; i < 4; i++) await evergreen({ lastDays: 30 + i });
    const first = await rotate({ count: 10 });
    expect(first.json.scheduled).toHaveLength(4);
    const jobsAfterFirst = await jobIds();
    const rowsAfterFirst = await snapshot(first.json.scheduled.map((s: { post: { id: string } }) => s.post.id));

    const second = await rotate({ count: 10 });
    expect(second.status).toBe(200);
    expect(second.json.scheduled).toEqual([]);
    expect(second.json.skipped.map((s: { reason: string }) => s.reason)).toEqual(Array(4).fill("scheduled"));
    expect(await jobIds()).toEqual(jobsAfterFirst);
    expect(await snapshot(rowsAfterFirst.map((r) => r.id))).toEqual(rowsAfterFirst);
  });

  it("two simultaneous rotations schedule each post once (the second waits for the first, then skips)", async () => {
    for (let i = 0; i < 5; i++) await evergreen({ createdDays: 20 + i });
    const [a, b] = await Promise.all([rotate({ count: 5 }), rotate({ count: 5 })]);
    expect([a.status, b.status]).toEqual([200, 200]);
    const counts = [a.json.scheduled.length, b.json.scheduled.length].sort();
    expect(counts).toEqual([0, 5]);
    const posts = await db.post.findMany({ where: { workspaceId } });
    for (const p of posts) expect(p).toMatchObject({ status: "SCHEDULED", version: 1 });
    expect(await jobIds()).toHaveLength(5);
  });

  it("is all-or-nothing: one post refused at schedule time leaves every post, version and job as before", async () => {
    const failed = await evergreen({ lastDays: 200, status: "FAILED" });
    const published = await evergreen({ lastDays: 100 });
    const draft = await evergreen({ createdDays: 30 });
    // Lowest priority of the batch, so the others pass their checks and compare-and-set first.
    const tooLong = await evergreen({ lastDays: 60, count: 2, content: "x".repeat(301) });
    const ids = [failed.id, published.id, draft.id, tooLong.id];
    const before = await snapshot(ids);

    const res = await rotate({ count: 4 });
    expect(res.status).toBe(422);
    expect(res.json.error.code).toBe("unprocessable");
    expect(res.json.error.message).toContain(tooLong.id);
    expect(res.json.error.details).toMatchObject({ postId: tooLong.id, problems: [{ platform: "SANDBOX" }] });
    expect(await snapshot(ids)).toEqual(before);
    expect(await jobIds()).toEqual([]);

    // Fixed, the same batch goes through, at version 1 (the refused attempt used no version).
    await db.post.update({ where: { id: tooLong.id }, data: { content: "short" } });
    const retry = await rotate({ count: 4 });
    expect(retry.status).toBe(200);
    expect(retry.json.scheduled.map((s: { post: { version: number } }) => s.post.version)).toEqual([1, 1, 1, 1]);
  });

  it("is all-or-nothing when the queue fails mid-batch: rows rolled back, jobs already added removed", async () => {
    const ids: string[] = [];
    for (let i = 0; i < 6; i++) ids.push((await evergreen({ lastDays: 20 + i })).id);
    const before = await snapshot(ids);
    const redis = createRedis("producer");
    const queue = createPublishQueue(redis, own.queue().name);
    let adds = 0;
    const add = queue.add.bind(queue);
    // Redis answers the first three adds, then refuses (as when it runs out of memory or goes away).
    queue.add = ((...args: Parameters<typeof add>) => {
      adds += 1;
      return adds > 3 ? Promise.reject(new Error("OOM command not allowed")) : add(...args);
    }) as typeof queue.add;
    try {
      const error = await rotateEvergreen({ db, queue, workspaceId, count: 6 }).catch((e: unknown) => e);
      expect(error).toBeInstanceOf(ApiError);
      expect((error as ApiError).status).toBe(503);
      expect(adds).toBeGreaterThan(3);
    } finally {
      await queue.close();
      await redis.quit();
    }
    expect(await snapshot(ids)).toEqual(before);
    expect(await jobIds()).toEqual([]);
  });

  it("compare-and-sets in bulk: a post whose version or status moved since it was read is reported, not written", async () => {
    const a = await evergreen();
    const b = await evergreen({ lastDays: 30 });
    await db.post.update({ where: { id: b.id }, data: { version: 5 } });
    const at = new Date(Date.now() + DAY);
    const changed = await db.$transaction((tx) =>
      markPostsScheduled({
        tx,
        workspaceId,
        timezone: "UTC",
        changes: [
          { id: a.id, version: 0, status: "DRAFT", at },
          { id: b.id, version: 0, status: "PUBLISHED", at },
        ],
      }),
    );
    expect(changed).toEqual([b.id]);
    const [rowA, rowB] = [(await rows([a.id]))[0], (await rows([b.id]))[0]];
    expect(rowA).toMatchObject({ status: "SCHEDULED", version: 1, scheduledAt: at, timezone: "UTC" });
    expect(rowB).toMatchObject({ status: "PUBLISHED", version: 5, scheduledAt: null });
    // Another workspace's id is never matched.
    const other = await createWorkspace();
    const foreign = await db.$transaction((tx) =>
      markPostsScheduled({
        tx,
        workspaceId: other.workspace.id,
        timezone: "UTC",
        changes: [{ id: rowA?.id ?? "", version: 1, status: "SCHEDULED", at }],
      }),
    );
    expect(foreign).toEqual([a.id]);
  });

  it("answers 503 and writes nothing when the metrics store behind suggestTimes is down", async () => {
    const post = await evergreen();
    const deadClient = createMongoClient("mongodb://127.0.0.1:1/cadence");
    try {
      const error = await rotateEvergreen({
        db,
        queue: own.queue(),
        mongo: getMetricsDb(deadClient),
        workspaceId,
        count: 1,
      }).catch((e: unknown) => e);
      expect(error).toBeInstanceOf(ApiError);
      expect((error as ApiError).status).toBe(503);
    } finally {
      await deadClient.close();
    }
    expect((await rows([post.id]))[0]).toMatchObject({ status: "DRAFT", version: 0 });
    expect(await jobIds()).toEqual([]);
  });

  it("never touches another workspace's posts", async () => {
    const other = await createWorkspace();
    const otherChannel = await createTestChannel(db, { workspaceId: other.workspace.id, platform: "SANDBOX" });
    const theirs = await evergreen({ inWorkspace: other.workspace.id, channels: [otherChannel.id], createdDays: 900 });
    const mine = await evergreen({ lastDays: 30 });
    const res = await rotate({ count: 100 });
    expect(res.json.scheduled.map((s: { post: { id: string } }) => s.post.id)).toEqual([mine.id]);
    expect(res.json.skipped).toEqual([]);
    expect((await rows([theirs.id]))[0]).toMatchObject({ status: "DRAFT", version: 0, scheduledAt: null });
    expect(await jobIds()).toEqual([publishJobId(mine.id, 1)]);
    // And their token rotates only theirs.
    const theirRun = await rotate({ count: 100 }, other.token);
    expect(theirRun.json.scheduled.map((s: { post: { id: string } }) => s.post.id)).toEqual([theirs.id]);
  });

  it("returns an empty result when nothing is eligible", async () => {
    const res = await rotate({ count: 5 });
    expect(res.status).toBe(200);
    expect(res.json).toEqual({ scheduled: [], skipped: [] });
  });

  it("refuses bad requests with 400 naming the field, and no token with 401 — writing nothing", async () => {
    const post = await evergreen();
    const cases: [unknown, string][] = [
      [{}, "count"],
      [{ count: 0 }, "count"],
      [{ count: 101 }, "count"],
      [{ count: 2.5 }, "count"],
      [{ count: "3" }, "count"],
      [{ count: 3, platform: "MYSPACE" }, "platform"],
      [{ count: 3, timezone: "Mars/Olympus" }, "timezone"],
      [{ count: 3, from: "next tuesday" }, "from"],
      [{ count: 3, extra: true }, "(root)"],
    ];
    for (const [body, field] of cases) {
      const res = await rotate(body);
      expect(res.status, JSON.stringify(body)).toBe(400);
      expect(res.json.error.code).toBe("invalid_request");
      expect(res.json.error.details.map((d: { path: string }) => d.path)).toContain(field);
    }
    expect((await rotate("{not json")).status).toBe(400);
    const anonymous = await callRoute(rotateRoute.POST, {
      method: "POST",
      path: "/api/scheduling/evergreen/rotate",
      body: { count: 1 },
    });
    expect(anonymous.status).toBe(401);
    expect((await rotate({ count: 1 }, "cad_not-a-token")).status).toBe(401);
    expect((await rows([post.id]))[0]).toMatchObject({ status: "DRAFT", version: 0 });
    expect(await jobIds()).toEqual([]);
  });
});
