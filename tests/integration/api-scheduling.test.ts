import { randomUUID } from "node:crypto";
import { beforeEach, describe, expect, it } from "vitest";
import * as scheduleRoute from "@/app/api/scheduling/posts/[id]/schedule/route";
import { ApiError } from "@/lib/api/errors";
import { createRedis } from "@/lib/db/redis";
import { getEnv } from "@/lib/env";
import { getPostOrThrow } from "@/lib/posts/get-post-or-throw";
import { createPublishQueue, publishJobId } from "@/lib/queue/publish-queue";
import { schedulePost } from "@/lib/scheduling/schedule-post";
import { unschedulePost } from "@/lib/scheduling/unschedule-post";
import { callRoute, isolateAppSingletons } from "@/tests/helpers/call-route";
import { createTestChannel, createTestPost, createTestPublication } from "@/tests/helpers/factories";
import { setupTestWorkspaces } from "@/tests/helpers/test-workspaces";

const own = isolateAppSingletons();
const { db, createWorkspace } = setupTestWorkspaces({ app: own, obliterateQueue: true });
let token: string, workspaceId: string, channelId: string;

beforeEach(async () => {
  ({ token, workspaceId, channelId } = await createWorkspace({ timezone: "Europe/Berlin" }, [{ displayName: "Sky" }]));
});

const newPost = (content = "Hello") => createTestPost(db, { workspaceId, channelIds: [channelId], content });
const schedule = (postId: string, body: unknown, as = token) =>
  callRoute(scheduleRoute.POST, {
    method: "POST",
    path: "/api/scheduling/posts/id/schedule",
    token: as,
    params: { id: postId },
    body,
  });
const unschedule = (postId: string, as = token) =>
  callRoute(scheduleRoute.DELETE, {
    method: "DELETE",
    path: "/api/scheduling/posts/id/schedule",
    token: as,
    params: { id: postId },
  });
const row = (id: string) => db.post.findUnique({ where: { id } });
const jobIds = async () =>
  (await own.queue().getJobs(["delayed", "waiting", "prioritized", "active"])).map((j) => j.id).sort();
const inAnHour = () => new Date(Date.now() + 3_600_000).toISOString();

describe("POST /api/scheduling/posts/:id/schedule", () => {
  it("schedules a wall-clock time in the workspace's zone and adds the delayed job for that version", async () => {
    const post = await newPost();
    const res = await schedule(post.id, { scheduledAt: "2030-07-01T09:30" });
    expect(res.status).toBe(200);
    expect(res.json).toMatchObject({
      id: post.id,
      status: "SCHEDULED",
      scheduledAt: "2030-07-01T07:30:00.000Z",
      scheduledAtLocal: "2030-07-01T09:30:00+02:00",
      timezone: "Europe/Berlin",
      version: 1,
      channels: [{ id: channelId, platform: "SANDBOX", displayName: "Sky" }],
    });
    expect(await row(post.id)).toMatchObject({ status: "SCHEDULED", version: 1, leaseUntil: null });
    expect(res.json).toEqual(await getPostOrThrow({ db, workspaceId, postId: post.id }));

    const job = await own.queue().getJob(publishJobId(post.id, 1));
    expect(job?.data).toEqual({ postId: post.id, workspaceId, version: 1 });
    expect(await job?.isDelayed()).toBe(true);
    // Due PUBLISH_PREWAKE_MS before the post's time (the processor waits out the rest), never after it.
    const due = (job?.timestamp ?? 0) + (job?.delay ?? 0);
    const wake = Date.parse("2030-07-01T07:30:00Z") - getEnv().PUBLISH_PREWAKE_MS;
    expect(due).toBeGreaterThanOrEqual(wake);
    expect(due).toBeLessThan(wake + 60_000);
  });

  it("computes the delay from the given clock (service)", async () => {
    const post = await newPost();
    const now = new Date();
    const at = new Date(now.getTime() + 90_000);
    await schedulePost({ db, queue: own.queue(), workspaceId, postId: post.id, scheduledAt: at.toISOString(), now });
    const job = await own.queue().getJob(publishJobId(post.id, 1));
    expect(job?.opts.delay).toBe(90_000 - getEnv().PUBLISH_PREWAKE_MS);
  });

  it("takes an ISO instant as is and shows it back in the given zone", async () => {
    const post = await newPost();
    const res = await schedule(post.id, { scheduledAt: "2030-07-01T09:30:00Z", timezone: "America/New_York" });
    expect(res.status).toBe(200);
    expect(res.json).toMatchObject({
      scheduledAt: "2030-07-01T09:30:00.000Z",
      scheduledAtLocal: "2030-07-01T05:30:00-04:00",
      timezone: "America/New_York",
    });
  });

  it("takes the first occurrence of an ambiguous (DST overlap) time", async () => {
    const berlin = await newPost();
    const ny = await newPost();
    const a = await schedule(berlin.id, { scheduledAt: "2030-10-27T02:30" });
    expect(a.json).toMatchObject({
      scheduledAt: "2030-10-27T00:30:00.000Z",
      scheduledAtLocal: "2030-10-27T02:30:00+02:00",
    });
    const b = await schedule(ny.id, { scheduledAt: "2030-11-03T01:30", timezone: "America/New_York" });
    expect(b.json).toMatchObject({
      scheduledAt: "2030-11-03T05:30:00.000Z",
      scheduledAtLocal: "2030-11-03T01:30:00-04:00",
    });
  });

  it("reschedules: the old job is gone, the new one is there, the version is bumped", async () => {
    const post = await newPost();
    await schedule(post.id, { scheduledAt: "2030-07-01T09:30" });
    const res = await schedule(post.id, { scheduledAt: "2030-07-02T10:00" });
    expect(res.status).toBe(200);
    expect(res.json).toMatchObject({ version: 2, scheduledAt: "2030-07-02T08:00:00.000Z" });
    expect(await own.queue().getJob(publishJobId(post.id, 1))).toBeUndefined();
    expect(await jobIds()).toEqual([publishJobId(post.id, 2)]);
  });

  it("a reschedule without a zone reads the wall clock in the post's own zone, not the workspace's", async () => {
    const post = await newPost();
    await schedule(post.id, { scheduledAt: "2030-07-01T09:30", timezone: "America/Santiago" });
    const res = await schedule(post.id, { scheduledAt: "2030-07-02T10:00" });
    expect(res.status).toBe(200);
    // 10:00 in Santiago (UTC-4 in July), not in the workspace's Berlin.
    expect(res.json).toMatchObject({ timezone: "America/Santiago", scheduledAt: "2030-07-02T14:00:00.000Z" });
    const gap = await schedule(post.id, { scheduledAt: "2030-09-08T00:30" });
    expect(gap.status).toBe(422);
    expect(gap.json.error.message).toContain("America/Santiago");
  });

  it("schedules a published or failed post again", async () => {
    const post = await newPost();
    await db.post.update({ where: { id: post.id }, data: { status: "PUBLISHED", version: 4, publishCount: 1 } });
    const at = new Date(Date.now() - 3_600_000);
    await createTestPublication(db, {
      workspaceId,
      postId: post.id,
      postVersion: 4,
      status: "SUCCEEDED",
      at,
      results: [{ channelId, platform: "SANDBOX", status: "SUCCEEDED" }],
    });
    const res = await schedule(post.id, { scheduledAt: inAnHour() });
    expect(res.json).toMatchObject({
      status: "SCHEDULED",
      version: 5,
      publishCount: 1,
      latestPublication: { status: "SUCCEEDED", results: [{ channelId, status: "SUCCEEDED" }] },
    });
    expect(await jobIds()).toEqual([publishJobId(post.id, 5)]);
    // The answer is built from the post as read and written, not read again: it must equal a fresh read.
    expect(res.json).toEqual(await getPostOrThrow({ db, workspaceId, postId: post.id }));
  });
});

describe("refusals change nothing", () => {
  const expectUnchanged = async (postId: string, before: unknown, jobsBefore: unknown) => {
    expect(await row(postId)).toEqual(before);
    expect(await jobIds()).toEqual(jobsBefore);
  };

  it.each([
    [
      "a past time, named in the post's zone and UTC",
      { scheduledAt: "2020-01-01T10:00:00Z" },
      422,
      "scheduledAt",
      "Wed 1 Jan 2020, 11:00 Europe/Berlin (10:00 UTC) is in the past",
    ],
    [
      "a past wall-clock time in another zone",
      { scheduledAt: "2020-01-01T00:30", timezone: "Pacific/Auckland" },
      422,
      "scheduledAt",
      "Wed 1 Jan 2020, 00:30 Pacific/Auckland (Tue 31 Dec 2019, 11:30 UTC) is in the past",
    ],
    [
      "a DST gap",
      { scheduledAt: "2030-03-31T02:30" },
      422,
      "scheduledAt",
      "Sun 31 Mar 2030, 02:30 does not exist in Europe/Berlin: clocks jump from 02:00 to 03:00 at Sun 31 Mar 2030, 01:00 UTC",
    ],
    [
      // The calendar's drop on 00:30 of the day Santiago's midnight does not exist: refused, not 23:30 the day before.
      "the Santiago midnight gap",
      { scheduledAt: "2027-09-05T00:30", timezone: "America/Santiago" },
      422,
      "scheduledAt",
      "Sun 5 Sep 2027, 00:30 does not exist in America/Santiago: clocks jump from 00:00 to 01:00 at Sun 5 Sep 2027, 04:00 UTC",
    ],
    [
      "year 0 (once read as 1900)",
      { scheduledAt: "0000-01-01T00:00:00Z" },
      400,
      "scheduledAt",
      "Sat 1 Jan 0000, 00:53:28 Europe/Berlin (00:00 UTC) is before 1970",
    ],
    ["year 0 as a wall clock", { scheduledAt: "0000-01-01T00:00" }, 400, "scheduledAt", "is before 1970"],
    [
      "a wall clock that is 1969 in UTC",
      { scheduledAt: "1970-01-01T00:30", timezone: "Asia/Tokyo" },
      400,
      "scheduledAt",
      "Thu 1 Jan 1970, 00:30 Asia/Tokyo (Wed 31 Dec 1969, 15:30 UTC) is before 1970",
    ],
    [
      "past 9999",
      { scheduledAt: "9999-12-31T20:00", timezone: "America/New_York" },
      400,
      "scheduledAt",
      "Fri 31 Dec 9999, 20:00 America/New_York (Sat 1 Jan 10000, 01:00 UTC) is after 9999",
    ],
    [
      "a DST gap in New York",
      { scheduledAt: "2030-03-10T02:15", timezone: "America/New_York" },
      422,
      "scheduledAt",
      "clocks jump from 02:00 to 03:00",
    ],
    ["an unknown zone", { scheduledAt: "2030-07-01T09:30", timezone: "Mars/Olympus" }, 400, "timezone", "timezone"],
    ["a malformed time", { scheduledAt: "next tuesday" }, 400, "scheduledAt", "scheduledAt"],
    ["a missing time", { timezone: "UTC" }, 400, "scheduledAt", "scheduledAt"],
    ["an impossible date", { scheduledAt: "2030-02-30T10:00" }, 400, "scheduledAt", "scheduledAt"],
  ])("%s", async (_, body, status, field, message) => {
    const post = await newPost();
    await schedule(post.id, { scheduledAt: "2030-07-01T09:30" });
    const [before, jobsBefore] = [await row(post.id), await jobIds()];
    const res = await schedule(post.id, body);
    expect(res.status).toBe(status);
    expect(res.json.error.message).toContain(message);
    expect(res.json.error.details.map((d: { path: string }) => d.path)).toContain(field);
    await expectUnchanged(post.id, before, jobsBefore);
  });

  it("content over a channel's limit is 422 naming the channel", async () => {
    // Platform rules are checked whether or not the platform can publish yet: the refusal names the rule.
    const sky = await createTestChannel(db, { workspaceId, platform: "BLUESKY", displayName: "Sky" });
    const post = await createTestPost(db, { workspaceId, channelIds: [sky.id], content: "a".repeat(301) });
    const before = await row(post.id);
    const res = await schedule(post.id, { scheduledAt: inAnHour() });
    expect(res.status).toBe(422);
    expect(res.json.error.message).toContain("Sky: Bluesky allows 300 characters");
    await expectUnchanged(post.id, before, []);
  });

  it("a post without an active channel is 422", async () => {
    await db.channel.update({ where: { id: channelId }, data: { active: false } });
    const post = await newPost();
    const res = await schedule(post.id, { scheduledAt: inAnHour() });
    expect(res.status).toBe(422);
    await expectUnchanged(post.id, await row(post.id), []);
  });

  it("a post with a request in flight is 409 for schedule and unschedule, saying when to try again", async () => {
    const post = await newPost();
    const leaseUntil = new Date(Date.now() + 30_000);
    await db.post.update({ where: { id: post.id }, data: { status: "PUBLISHING", version: 3, leaseUntil } });
    const before = await row(post.id);
    expect((await schedule(post.id, { scheduledAt: inAnHour() })).status).toBe(409);
    const res = await unschedule(post.id);
    expect(res.status).toBe(409);
    expect(res.json.error.details).toMatchObject({ status: "PUBLISHING", retryAt: leaseUntil.toISOString() });
    expect(res.json.error.details.retryAfterMs).toBeGreaterThan(0);
    await expectUnchanged(post.id, before, []);
  });

  it("another workspace's token gets 404 for schedule and unschedule", async () => {
    const post = await newPost();
    await schedule(post.id, { scheduledAt: "2030-07-01T09:30" });
    const [before, jobsBefore] = [await row(post.id), await jobIds()];
    const other = await createWorkspace();
    const res = await schedule(post.id, { scheduledAt: inAnHour() }, other.token);
    expect(res.status).toBe(404);
    expect((await unschedule(post.id, other.token)).status).toBe(404);
    await expectUnchanged(post.id, before, jobsBefore);
  });

  it("Redis down: 503, and the post is unchanged", async () => {
    const post = await newPost();
    const before = await row(post.id);
    const dead = createRedis("producer", "redis://127.0.0.1:1");
    dead.on("error", () => undefined);
    const queue = createPublishQueue(dead, `test-${randomUUID()}`);
    queue.on("error", () => undefined);
    try {
      const attempt = schedulePost({ db, queue, workspaceId, postId: post.id, scheduledAt: inAnHour() });
      await expect(attempt).rejects.toBeInstanceOf(ApiError);
      await expect(attempt).rejects.toMatchObject({ code: "unavailable", status: 503 });
      expect(await row(post.id)).toEqual(before);
    } finally {
      dead.disconnect();
      await queue.close().catch(() => undefined);
    }
  });
});

describe("DELETE /api/scheduling/posts/:id/schedule", () => {
  it("unschedules back to draft, bumps the version and removes the job; again is 409", async () => {
    const post = await newPost();
    await schedule(post.id, { scheduledAt: "2030-07-01T09:30" });
    const res = await unschedule(post.id);
    expect(res.status).toBe(200);
    expect(res.json).toMatchObject({ status: "DRAFT", scheduledAt: null, scheduledAtLocal: null, version: 2 });
    expect(await jobIds()).toEqual([]);
    const again = await unschedule(post.id);
    expect(again.status).toBe(409);
    expect(again.json.error.message).toContain("not scheduled");
  });

  it("works with Redis down: the version bump makes the queued job stale", async () => {
    const post = await newPost();
    await schedule(post.id, { scheduledAt: "2030-07-01T09:30" });
    const dead = createRedis("producer", "redis://127.0.0.1:1");
    dead.on("error", () => undefined);
    const queue = createPublishQueue(dead, own.queue().name);
    queue.on("error", () => undefined);
    try {
      const result = await unschedulePost({ db, queue, workspaceId, postId: post.id });
      expect(result).toMatchObject({ status: "DRAFT", version: 2 });
      // The v1 job could not be removed; the worker drops it because the post is no longer at version 1.
      expect(await jobIds()).toEqual([publishJobId(post.id, 1)]);
    } finally {
      dead.disconnect();
      await queue.close().catch(() => undefined);
    }
  });
});
