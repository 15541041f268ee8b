import { beforeEach, describe, expect, it } from "vitest";
import * as postingScheduleRoute from "@/app/api/channels/[id]/posting-schedule/route";
import * as queueRoute from "@/app/api/posts/[id]/queue/route";
import * as postsRoute from "@/app/api/posts/route";
import { QUEUE_HORIZON_WEEKS } from "@/lib/posting-slots/find-next-free-slot";
import { queuePost } from "@/lib/posting-slots/queue-post";
import { withQueueLock } from "@/lib/posting-slots/with-queue-lock";
import { publishJobId } from "@/lib/queue/publish-queue";
import { callRoute, isolateAppSingletons } from "@/tests/helpers/call-route";
import { createTestChannel, createTestPost } from "@/tests/helpers/factories";
import { setupTestWorkspaces } from "@/tests/helpers/test-workspaces";

// "Add to queue" (README "Queue") through the real handlers and services on real PostgreSQL and Redis: the next free
// posting slot of the post's channels, DST-correct in the workspace's zone, never the same slot twice at once.

const app = isolateAppSingletons();
const { db, createWorkspace, createMember } = setupTestWorkspaces({ app, obliterateQueue: true, sql: true });
let token: string, workspaceId: string, channelA: string, channelB: string;

async function useWorkspace(timezone: string) {
  const created = await createWorkspace({ timezone }, [{ displayName: "Brand A" }, { displayName: "Brand B" }]);
  ({ token, workspaceId } = created);
  [channelA, channelB] = created.channelIds;
}
beforeEach(() => useWorkspace("Europe/Berlin"));

const setSlots = async (channelId: string, slots: { dayOfWeek: number; time: string }[]) => {
  const res = await callRoute(postingScheduleRoute.PUT, {
    method: "PUT",
    path: `/api/channels/${channelId}/posting-schedule`,
    token,
    params: { id: channelId },
    body: { slots },
  });
  expect(res.status).toBe(200);
};
const everyDay = (time: string) => [0, 1, 2, 3, 4, 5, 6].map((dayOfWeek) => ({ dayOfWeek, time }));
const addToQueue = (postId: string, headers: Record<string, string> = { authorization: `Bearer ${token}` }) =>
  callRoute(queueRoute.POST, { method: "POST", path: `/api/posts/${postId}/queue`, params: { id: postId }, headers });
const scheduledPost = (channelIds: string[], at: Date, status: "SCHEDULED" | "IN_REVIEW" | "DRAFT" = "SCHEDULED") =>
  db.post.create({
    data: {
      workspaceId,
      content: `at ${at.toISOString()}`,
      status,
      scheduledAt: at,
      timezone: "Europe/Berlin",
      version: 1,
      channels: { create: channelIds.map((channelId) => ({ channelId })) },
    },
  });
/** The next `n` instants of a daily wall time in Berlin after now + 60 s (the test's own reading of the rule). */
function nextDaily(hour: number, minute: number, n: number): string[] {
  const out: string[] = [];
  const day = new Date(Date.now() - 86_400_000);
  while (out.length < n) {
    const ymd = day.toISOString().slice(0, 10);
    for (const offset of ["+01:00", "+02:00"]) {
      const t = new Date(`${ymd}T${String(hour).padStart(2, "0")}:${String(minute).padStart(2, "0")}:00${offset}`);
      const local = new Intl.DateTimeFormat("en-GB", {
        timeZone: "Europe/Berlin",
        hour: "2-digit",
        minute: "2-digit",
        day: "2-digit",
      }).format(t);
      if (local === `${ymd.slice(8)}, ${String(hour).padStart(2, "0")}:${String(minute).padStart(2, "0")}`) {
        if (t.getTime() > Date.now() + 60_000 && !out.includes(t.toISOString())) out.push(t.toISOString());
        break;
      }
    }
    day.setUTCDate(day.getUTCDate() + 1);
  }
  return out;
}

describe("POST /api/posts/:id/queue", () => {
  it("schedules the post at the next slot occurrence, with its job, and says which slot it took", async () => {
    await setSlots(channelA, everyDay("09:15"));
    const post = await createTestPost(db, { workspaceId, channelIds: [channelA] });
    const res = await addToQueue(post.id);
    expect(res.status).toBe(200);
    const [first] = nextDaily(9, 15, 1);
    expect(res.json).toMatchObject({ id: post.id, status: "SCHEDULED", scheduledAt: first, version: 1 });
    expect(res.json.queueSlot.scheduledAt).toBe(first);
    expect(res.json.queueSlot.scheduledAtLocal).toMatch(/T09:15:00\+0[12]:00$/);
    expect(res.json.scheduledAtLocal).toBe(res.json.queueSlot.scheduledAtLocal);
    expect(await app.queue().getJob(publishJobId(post.id, 1))).toBeDefined();
  });

  it("skips slots taken by live posts on ANY of the post's channels; drafts and other channels do not take them", async () => {
    await setSlots(channelA, everyDay("09:15"));
    const other = (await createTestChannel(db, { workspaceId, displayName: "Other" })).id;
    const [d1, d2, d3, d4] = nextDaily(9, 15, 4).map((s) => new Date(s));
    if (!d1 || !d2 || !d3 || !d4) throw new Error("set-up");
    await scheduledPost([channelB], d1); // on B: the post below targets A and B, so d1 is taken
    await scheduledPost([channelA, other], d2, "IN_REVIEW"); // in review is live too
    await scheduledPost([other], d3); // another channel only: d3 is free
    await scheduledPost([channelA], d3, "DRAFT"); // a draft with a time is not in the queue
    const post = await createTestPost(db, { workspaceId, channelIds: [channelA, channelB] });
    const res = await addToQueue(post.id);
    expect(res.status).toBe(200);
    expect(res.json.scheduledAt).toBe(d3.toISOString());
    // The slots of B count too: B has an earlier daily slot (08:00), and it is free.
    await setSlots(channelB, everyDay("08:00"));
    const second = await createTestPost(db, { workspaceId, channelIds: [channelA, channelB] });
    const [b1] = nextDaily(8, 0, 1);
    expect((await addToQueue(second.id)).json.scheduledAt).toBe(b1);
  });

  it("puts several posts added at once in distinct slots (serialised per workspace)", async () => {
    await setSlots(channelA, everyDay("09:15"));
    const posts = await Promise.all(
      Array.from({ length: 6 }, (_, i) =>
        createTestPost(db, { workspaceId, channelIds: [channelA], content: `p${i}` }),
      ),
    );
    const answers = await Promise.all(posts.map((p) => addToQueue(p.id)));
    expect(answers.map((a) => a.status)).toEqual([200, 200, 200, 200, 200, 200]);
    const times = answers.map((a) => a.json.scheduledAt as string).sort();
    expect(times).toEqual(nextDaily(9, 15, 6));
    const rows = await db.post.findMany({ where: { workspaceId, status: "SCHEDULED" } });
    expect(new Set(rows.map((r) => r.scheduledAt?.toISOString())).size).toBe(6);
  });

  it("refuses with 422 naming the channels when none has a posting schedule, and changes nothing", async () => {
    const post = await createTestPost(db, { workspaceId, channelIds: [channelA, channelB] });
    const res = await addToQueue(post.id);
    expect(res.status).toBe(422);
    expect(res.json.error.code).toBe("unprocessable");
    expect(res.json.error.message).toBe(
      "Brand A · Sandbox, Brand B · Sandbox have no posting schedule: set one on the Queue page",
    );
    const one = await createTestPost(db, { workspaceId, channelIds: [channelA] });
    expect((await addToQueue(one.id)).json.error.message).toBe(
      "Brand A · Sandbox has no posting schedule: set one on the Queue page",
    );
    expect(await db.post.findUnique({ where: { id: post.id } })).toMatchObject({ status: "DRAFT", version: 0 });
    expect(await app.queue().getJobCounts()).toMatchObject({ delayed: 0, waiting: 0 });
  });

  it("refuses with 422 when every slot of the next 12 weeks is taken", async () => {
    await useWorkspace("UTC");
    const slots = [{ dayOfWeek: 1, minuteOfDay: 600 }];
    await db.postingSlot.createMany({ data: slots.map((s) => ({ ...s, workspaceId, channelId: channelA })) });
    const now = new Date("2030-01-07T12:00:00Z"); // a Monday after 10:00: next occurrences 14 Jan … 1 Apr
    for (let week = 1; week <= QUEUE_HORIZON_WEEKS; week++) {
      await scheduledPost([channelA], new Date(now.getTime() + week * 7 * 86_400_000 - 2 * 3_600_000));
    }
    const post = await createTestPost(db, { workspaceId, channelIds: [channelA] });
    const refused = queuePost({ db, queue: app.queue(), workspaceId, postId: post.id, now });
    await expect(refused).rejects.toMatchObject({
      code: "unprocessable",
      message: "No free posting slot in the next 12 weeks for Brand A · Sandbox: add slots on the Queue page",
    });
    // Free one of them: the post takes exactly that one.
    await db.post.deleteMany({ where: { workspaceId, scheduledAt: new Date("2030-02-25T10:00:00Z") } });
    const queued = await queuePost({ db, queue: app.queue(), workspaceId, postId: post.id, now });
    expect(queued.scheduledAt).toBe("2030-02-25T10:00:00.000Z");
  });

  it("is DST-correct in the workspace's zone: Berlin 02:30 skipped on the spring-forward Sunday, first occurrence on fall-back", async () => {
    await db.postingSlot.create({ data: { workspaceId, channelId: channelA, dayOfWeek: 0, minuteOfDay: 150 } });
    const queue = app.queue();
    const spring = await createTestPost(db, { workspaceId, channelIds: [channelA] });
    const a = await queuePost({ db, queue, workspaceId, postId: spring.id, now: new Date("2027-03-27T12:00:00Z") });
    expect(a.queueSlot).toEqual({
      scheduledAt: "2027-04-04T00:30:00.000Z",
      scheduledAtLocal: "2027-04-04T02:30:00+02:00",
    });
    const autumn = await createTestPost(db, { workspaceId, channelIds: [channelA] });
    const b = await queuePost({ db, queue, workspaceId, postId: autumn.id, now: new Date("2027-10-30T12:00:00Z") });
    expect(b.queueSlot).toEqual({
      scheduledAt: "2027-10-31T00:30:00.000Z",
      scheduledAtLocal: "2027-10-31T02:30:00+02:00",
    });
    // The next post after it takes the following Sunday (the second 02:30 of 31 Oct is not a slot occurrence).
    const next = await createTestPost(db, { workspaceId, channelIds: [channelA] });
    const c = await queuePost({ db, queue, workspaceId, postId: next.id, now: new Date("2027-10-30T12:00:00Z") });
    expect(c.scheduledAt).toBe("2027-11-07T01:30:00.000Z");
  });

  it("follows a changed workspace zone and America/Santiago's midnight DST start (Sun 5 Sep 2027 00:30 skipped)", async () => {
    await db.postingSlot.create({ data: { workspaceId, channelId: channelA, dayOfWeek: 0, minuteOfDay: 30 } });
    await db.workspace.update({ where: { id: workspaceId }, data: { timezone: "America/Santiago" } });
    const post = await createTestPost(db, { workspaceId, channelIds: [channelA] });
    const res = await queuePost({
      db,
      queue: app.queue(),
      workspaceId,
      postId: post.id,
      now: new Date("2027-09-04T12:00:00Z"),
    });
    expect(res.queueSlot).toEqual({
      scheduledAt: "2027-09-12T03:30:00.000Z",
      scheduledAtLocal: "2027-09-12T00:30:00-03:00",
    });
    expect(res.timezone).toBe("America/Santiago");
  });

  it("answers 404 for another workspace's post and writes nothing", async () => {
    await setSlots(channelA, everyDay("09:15"));
    const other = await createWorkspace();
    const theirChannel = await createTestChannel(db, { workspaceId: other.workspace.id });
    const theirs = await createTestPost(db, { workspaceId: other.workspace.id, channelIds: [theirChannel.id] });
    const res = await addToQueue(theirs.id);
    expect(res.status).toBe(404);
    expect(await db.post.findUnique({ where: { id: theirs.id } })).toMatchObject({ status: "DRAFT", version: 0 });
  });

  it("sends an Editor's post to review at the slot when the workspace needs approval (no job)", async () => {
    await setSlots(channelA, everyDay("09:15"));
    await db.workspace.update({ where: { id: workspaceId }, data: { approvalsRequired: true } });
    const editor = await createMember({ workspaceId, role: "EDITOR" });
    const post = await createTestPost(db, { workspaceId, channelIds: [channelA] });
    const res = await addToQueue(post.id, editor.headers);
    expect(res.status).toBe(200);
    expect(res.json).toMatchObject({ status: "IN_REVIEW", scheduledAt: nextDaily(9, 15, 1)[0], version: 1 });
    expect(await app.queue().getJob(publishJobId(post.id, 1))).toBeUndefined();
    expect(await db.postComment.count({ where: { postId: post.id, kind: "SUBMITTED" } })).toBe(1);
    // Its slot is taken: the next post gets the following day.
    const next = await createTestPost(db, { workspaceId, channelIds: [channelA] });
    expect((await addToQueue(next.id)).json.scheduledAt).toBe(nextDaily(9, 15, 2)[1]);
  });

  it("gives up waiting for a busy queue lock with 409 and a retry hint; other workspaces are not held up", async () => {
    let release = () => {};
    const held = new Promise<void>((resolve) => {
      release = resolve;
    });
    let entered = () => {};
    const inside = new Promise<void>((resolve) => {
      entered = resolve;
    });
    const holder = withQueueLock({
      workspaceId,
      fn: async () => {
        entered();
        await held;
      },
    });
    await inside;
    await expect(withQueueLock({ workspaceId, waitMs: 200, fn: async () => "ran" })).rejects.toMatchObject({
      code: "conflict",
      details: { retryAfterMs: 1000 },
    });
    const other = await createWorkspace();
    expect(await withQueueLock({ workspaceId: other.workspace.id, waitMs: 200, fn: async () => "ran" })).toBe("ran");
    release();
    await holder;
    expect(await withQueueLock({ workspaceId, waitMs: 200, fn: async () => "ran" })).toBe("ran");
  });

  it("is 409 for a post being published", async () => {
    await setSlots(channelA, everyDay("09:15"));
    const post = await scheduledPost([channelA], new Date(Date.now() - 1000), "SCHEDULED");
    await db.post.update({ where: { id: post.id }, data: { status: "PUBLISHING" } });
    expect((await addToQueue(post.id)).status).toBe(409);
  });
});

describe("POST /api/posts with queue: true", () => {
  const create = (body: unknown, headers: Record<string, string> = { authorization: `Bearer ${token}` }) =>
    callRoute(postsRoute.POST, { method: "POST", path: "/api/posts", body, headers });

  it("creates the post in the next free slot in one step (201)", async () => {
    await setSlots(channelA, everyDay("12:30"));
    const res = await create({ content: "Queued", channelIds: [channelA], queue: true });
    expect(res.status).toBe(201);
    const [first, second] = nextDaily(12, 30, 2);
    expect(res.json).toMatchObject({ content: "Queued", status: "SCHEDULED", scheduledAt: first, version: 1 });
    expect(res.json.queueSlot.scheduledAt).toBe(first);
    expect(await app.queue().getJob(publishJobId(res.json.id, 1))).toBeDefined();
    expect((await create({ content: "Next", channelIds: [channelA], queue: true })).json.scheduledAt).toBe(second);
  });

  it("refuses scheduledAt together with queue (400), and writes nothing when refused", async () => {
    await setSlots(channelA, everyDay("12:30"));
    const both = await create({ content: "x", channelIds: [channelA], queue: true, scheduledAt: "2030-01-01T10:00" });
    expect(both.status).toBe(400);
    expect(both.json.error.details.map((d: { path: string }) => d.path)).toEqual(["queue"]);
    // No posting schedule on B: 422 and no post.
    const noSchedule = await create({ content: "x", channelIds: [channelB], queue: true });
    expect(noSchedule.status).toBe(422);
    expect(noSchedule.json.error.message).toContain("Brand B · Sandbox has no posting schedule");
    // Content the channel refuses: 422 after the slot was found, still no post.
    const tooLong = await create({ content: "x".repeat(100_001), channelIds: [channelA], queue: true });
    expect(tooLong.status).toBe(400);
    expect(await db.post.count({ where: { workspaceId } })).toBe(0);
  });
});
