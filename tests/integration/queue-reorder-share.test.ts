import { beforeEach, describe, expect, it } from "vitest";
import * as reorderRoute from "@/app/api/queue/reorder/route";
import * as scheduleRoute from "@/app/api/scheduling/posts/[id]/schedule/route";
import * as shareNowRoute from "@/app/api/scheduling/posts/[id]/share-now/route";
import { publishJobId } from "@/lib/queue/publish-queue";
import { callRoute, isolateAppSingletons } from "@/tests/helpers/call-route";
import { createTestChannel, createTestPost } from "@/tests/helpers/factories";
import { startPublishWorker } from "@/tests/helpers/publish-worker";
import { setupTestWorkspaces } from "@/tests/helpers/test-workspaces";
import { waitFor } from "@/tests/helpers/wait-for";

// Reorder and Share now (README "Queue") through the real handlers on real PostgreSQL and Redis; Share now is
// published by a real in-process worker on this file's queue.

const app = isolateAppSingletons();
const { db, createWorkspace, createMember } = setupTestWorkspaces({ app, obliterateQueue: true, sql: true });
let token: string, workspaceId: string, channelId: string;
const HOUR = 3_600_000;
const bearer = () => ({ authorization: `Bearer ${token}` });

beforeEach(async () => {
  ({ token, workspaceId, channelId } = await createWorkspace({ timezone: "Europe/Berlin" }, [
    { displayName: "Sandbox" },
  ]));
});

const schedule = async (content: string, inHours: number) => {
  const post = await createTestPost(db, { workspaceId, channelIds: [channelId], content });
  const res = await callRoute(scheduleRoute.POST, {
    method: "POST",
    path: `/api/scheduling/posts/${post.id}/schedule`,
    token,
    params: { id: post.id },
    body: { scheduledAt: new Date(Date.now() + inHours * HOUR).toISOString() },
  });
  expect(res.status).toBe(200);
  return res.json as { id: string; version: number; scheduledAt: string };
};
const reorder = (order: { postId: string; version: number }[], headers: Record<string, string> = bearer()) =>
  callRoute(reorderRoute.POST, { method: "POST", path: "/api/queue/reorder", body: { order }, headers });
const shareNow = (postId: string, headers: Record<string, string> = bearer()) =>
  callRoute(shareNowRoute.POST, {
    method: "POST",
    path: `/api/scheduling/posts/${postId}/share-now`,
    params: { id: postId },
    headers,
  });
const row = (id: string) => db.post.findUniqueOrThrow({ where: { id } });
const jobIds = async () =>
  (await app.queue().getJobs(["delayed", "waiting", "prioritized", "active"])).map((j) => j.id).sort();

async function editorHeaders() {
  await db.workspace.update({ where: { id: workspaceId }, data: { approvalsRequired: true } });
  return (await createMember({ workspaceId, role: "EDITOR" })).headers;
}

describe("POST /api/queue/reorder", () => {
  it("gives the sorted times to the posts in the order sent, replaces their jobs, and the undo body restores them", async () => {
    const a = await schedule("A", 1);
    const b = await schedule("B", 2);
    const c = await schedule("C", 3);
    const res = await reorder([
      { postId: c.id, version: c.version },
      { postId: a.id, version: a.version },
      { postId: b.id, version: b.version },
    ]);
    expect(res.status).toBe(200);
    expect(
      res.json.posts.map((p: { id: string; scheduledAt: string; version: number }) => [p.id, p.scheduledAt, p.version]),
    ).toEqual([
      [c.id, a.scheduledAt, 2],
      [a.id, b.scheduledAt, 2],
      [b.id, c.scheduledAt, 2],
    ]);
    expect((await row(c.id)).scheduledAt?.toISOString()).toBe(a.scheduledAt);
    expect(await jobIds()).toEqual([publishJobId(a.id, 2), publishJobId(b.id, 2), publishJobId(c.id, 2)].sort());
    expect(res.json.undo).toEqual({
      order: [
        { postId: a.id, version: 2 },
        { postId: b.id, version: 2 },
        { postId: c.id, version: 2 },
      ],
    });
    const undone = await reorder(res.json.undo.order);
    expect(undone.status).toBe(200);
    for (const p of [a, b, c]) expect((await row(p.id)).scheduledAt?.toISOString()).toBe(p.scheduledAt);
    expect(undone.json.undo.order.map((o: { postId: string }) => o.postId)).toEqual([c.id, a.id, b.id]);
  });

  it("leaves a post that keeps its time alone (same version, same job)", async () => {
    const a = await schedule("A", 1);
    const b = await schedule("B", 2);
    const c = await schedule("C", 3);
    const res = await reorder([
      { postId: b.id, version: 1 },
      { postId: a.id, version: 1 },
      { postId: c.id, version: 1 },
    ]);
    expect(res.json.posts.map((p: { version: number }) => p.version)).toEqual([2, 2, 1]);
    expect(await jobIds()).toContain(publishJobId(c.id, 1));
    expect(res.json.undo.order).toEqual([
      { postId: a.id, version: 2 },
      { postId: b.id, version: 2 },
      { postId: c.id, version: 1 },
    ]);
  });

  it("refuses a stale version with 409 before anything changes", async () => {
    const a = await schedule("A", 1);
    const b = await schedule("B", 2);
    const res = await reorder([
      { postId: b.id, version: b.version },
      { postId: a.id, version: a.version - 1 },
    ]);
    expect(res.status).toBe(409);
    expect(res.json.error.details.posts).toEqual([
      { postId: a.id, message: expect.stringContaining("version 1, not 0") },
    ]);
    expect(await row(a.id)).toMatchObject({ version: 1, scheduledAt: new Date(a.scheduledAt) });
    expect(await row(b.id)).toMatchObject({ version: 1, scheduledAt: new Date(b.scheduledAt) });
    expect(await jobIds()).toEqual([publishJobId(a.id, 1), publishJobId(b.id, 1)].sort());
  });

  it("refuses drafts and posts being published (409), another workspace's post (404), and bad bodies (400)", async () => {
    const a = await schedule("A", 1);
    const draft = await createTestPost(db, { workspaceId, channelIds: [channelId] });
    const r1 = await reorder([
      { postId: a.id, version: 1 },
      { postId: draft.id, version: 0 },
    ]);
    expect(r1.status).toBe(409);
    expect(r1.json.error.details.posts[0].message).toContain("not in the queue (status DRAFT)");
    const b = await schedule("B", 2);
    await db.post.update({ where: { id: b.id }, data: { status: "PUBLISHING" } });
    const r2 = await reorder([
      { postId: a.id, version: 1 },
      { postId: b.id, version: 1 },
    ]);
    expect(r2.status).toBe(409);
    expect(r2.json.error.details.posts[0]).toEqual({ postId: b.id, message: "is being published right now" });

    const other = await createWorkspace();
    const theirChannel = await createTestChannel(db, { workspaceId: other.workspace.id });
    const theirs = await createTestPost(db, { workspaceId: other.workspace.id, channelIds: [theirChannel.id] });
    const r3 = await reorder([
      { postId: a.id, version: 1 },
      { postId: theirs.id, version: 0 },
    ]);
    expect(r3.status).toBe(404);
    for (const order of [
      [{ postId: a.id, version: 1 }],
      [
        { postId: a.id, version: 1 },
        { postId: a.id, version: 1 },
      ],
    ]) {
      expect((await reorder(order)).status).toBe(400);
    }
    expect(await row(a.id)).toMatchObject({ version: 1 });
  });

  it("sends an Editor's reordered posts to review when the workspace needs approval", async () => {
    const a = await schedule("A", 1);
    const b = await schedule("B", 2);
    const res = await reorder(
      [
        { postId: b.id, version: 1 },
        { postId: a.id, version: 1 },
      ],
      await editorHeaders(),
    );
    expect(res.status).toBe(200);
    expect(res.json.posts.map((p: { status: string }) => p.status)).toEqual(["IN_REVIEW", "IN_REVIEW"]);
    expect(await jobIds()).toEqual([]);
  });
});

describe("POST /api/scheduling/posts/:id/share-now", () => {
  it("publishes now through the worker: version+1, a job without delay, the old job gone", async () => {
    const a = await schedule("Share me", 48);
    const before = Date.now();
    const res = await shareNow(a.id);
    expect(res.status).toBe(200);
    expect(res.json).toMatchObject({ id: a.id, status: "SCHEDULED", version: 2 });
    expect(Date.parse(res.json.scheduledAt)).toBeGreaterThanOrEqual(before - 1000);
    expect(Date.parse(res.json.scheduledAt)).toBeLessThanOrEqual(Date.now());
    expect(await app.queue().getJob(publishJobId(a.id, 1))).toBeUndefined();
    const job = await app.queue().getJob(publishJobId(a.id, 2));
    expect(job?.opts.delay ?? 0).toBe(0);

    const worker = await startPublishWorker({ queueName: process.env.PUBLISH_QUEUE_NAME ?? "" });
    try {
      await waitFor(async () => (await row(a.id)).status === "PUBLISHED", { what: "the shared post to publish" });
    } finally {
      await worker.close();
    }
  });

  it("shares a draft too, and is 409 for a post being published", async () => {
    const draft = await createTestPost(db, { workspaceId, channelIds: [channelId] });
    expect((await shareNow(draft.id)).json).toMatchObject({ status: "SCHEDULED", version: 1 });
    await db.post.update({ where: { id: draft.id }, data: { status: "PUBLISHING" } });
    expect((await shareNow(draft.id)).status).toBe(409);
  });

  it("is 403 for an Editor when the workspace needs approval, and changes nothing", async () => {
    const a = await schedule("A", 5);
    const res = await shareNow(a.id, await editorHeaders());
    expect(res.status).toBe(403);
    expect(res.json.error.code).toBe("forbidden");
    expect(res.json.error.details).toEqual({ missingPermission: "posts:approve" });
    expect(await row(a.id)).toMatchObject({ status: "SCHEDULED", version: 1 });
    expect(await jobIds()).toEqual([publishJobId(a.id, 1)]);
  });

  it("applies the schedule checks but the time: a post on no active channel is 422; another workspace's post 404", async () => {
    const disabled = await createTestChannel(db, { workspaceId, active: false });
    const p = await createTestPost(db, { workspaceId, channelIds: [disabled.id] });
    expect((await shareNow(p.id)).status).toBe(422);
    const other = await createWorkspace();
    const theirChannel = await createTestChannel(db, { workspaceId: other.workspace.id });
    const theirs = await createTestPost(db, { workspaceId: other.workspace.id, channelIds: [theirChannel.id] });
    expect((await shareNow(theirs.id)).status).toBe(404);
    expect(await row(theirs.id)).toMatchObject({ status: "DRAFT", version: 0 });
  });
});
