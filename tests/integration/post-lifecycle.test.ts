import { afterEach, beforeEach, describe, expect, it } from "vitest";
import * as channelRoute from "@/app/api/channels/[id]/route";
import * as channelsRoute from "@/app/api/channels/route";
import * as publicationsRoute from "@/app/api/posts/[id]/publications/route";
import * as postRoute from "@/app/api/posts/[id]/route";
import * as postsRoute from "@/app/api/posts/route";
import * as scheduleRoute from "@/app/api/scheduling/posts/[id]/schedule/route";
import type { PostStatus } from "@/lib/generated/prisma/enums";
import { enqueuePublishJob } from "@/lib/queue/enqueue-publish-job";
import { publishJobId } from "@/lib/queue/publish-queue";
import { callRoute, isolateAppSingletons } from "@/tests/helpers/call-route";
import { createTestChannel, createTestPost } from "@/tests/helpers/factories";
import { type PublishWorker, startPublishWorker } from "@/tests/helpers/publish-worker";
import { setupTestWorkspaces } from "@/tests/helpers/test-workspaces";
import { waitFor } from "@/tests/helpers/wait-for";
import { startWebhookReceiver, type WebhookReceiver } from "@/tests/helpers/webhook-receiver";

// Issue 8 part 4 end to end: the API's handlers, a real worker on the same queue, PostgreSQL, Redis, and a real
// webhook receiver at the platform edge. PUBLISH_RETRY_AFTER_CAP_MS stays at its default (15 min).
process.env.PUBLISH_BACKOFF_MS = "200";
process.env.PUBLISH_MAX_ATTEMPTS = "4";
const SECRET = "test-webhook-secret-0123";
const app = isolateAppSingletons();
const { db, createWorkspace } = setupTestWorkspaces({ app, obliterateQueue: true });
let token: string;
let workspaceId: string;
let receiver: WebhookReceiver;
let pw: PublishWorker;

beforeEach(async () => {
  const created = await createWorkspace();
  token = created.token;
  workspaceId = created.workspace.id;
  receiver = await startWebhookReceiver({ secret: SECRET });
  pw = await startPublishWorker({ queueName: process.env.PUBLISH_QUEUE_NAME ?? "" });
});
afterEach(async () => {
  await receiver.close();
  await pw.close();
});

const webhookChannel = (displayName = "Our site") =>
  createTestChannel(db, {
    workspaceId,
    platform: "WEBHOOK",
    displayName,
    config: { url: receiver.url },
    credentials: { secret: SECRET },
  });
const sandboxChannel = (displayName: string) => createTestChannel(db, { workspaceId, displayName });
const post = (channelIds: string[], content = "Hello") => createTestPost(db, { workspaceId, channelIds, content });
const schedule = async (postId: string, inMs: number) => {
  const scheduledAt = new Date(Date.now() + inMs).toISOString();
  const res = await callRoute(scheduleRoute.POST, {
    method: "POST",
    path: "/api/scheduling/posts/id/schedule",
    token,
    params: { id: postId },
    body: { scheduledAt },
  });
  expect(res.status).toBe(200);
  return res.json;
};
const unschedule = (postId: string) =>
  callRoute(scheduleRoute.DELETE, {
    method: "DELETE",
    path: "/api/scheduling/posts/id/schedule",
    token,
    params: { id: postId },
  });
const del = (postId: string) =>
  callRoute(postRoute.DELETE, { method: "DELETE", path: "/api/posts/id", token, params: { id: postId } });
const get = (postId: string) => callRoute(postRoute.GET, { path: "/api/posts/id", token, params: { id: postId } });
const history = (postId: string) =>
  callRoute(publicationsRoute.GET, { path: "/api/posts/id/publications", token, params: { id: postId } });
const list = (query = "") => callRoute(postsRoute.GET, { path: `/api/posts${query}`, token });
const row = (id: string) => db.post.findUniqueOrThrow({ where: { id } });
const waitForStatus = (postId: string, status: PostStatus) =>
  waitFor(async () => (await row(postId)).status === status, { what: `post ${postId} to be ${status}` });
const jobOf = async (postId: string, version: number) => pw.queue.getJob(publishJobId(postId, version));
/** The post waits for a retry: PUBLISHING with its lease given back and its job delayed in Redis. */
const waitForRetryWait = (postId: string) =>
  waitFor(
    async () => {
      const p = await row(postId);
      if (p.status !== "PUBLISHING" || (p.leaseUntil && p.leaseUntil > new Date())) return false;
      return (await (await jobOf(postId, p.version))?.getState()) === "delayed" && p;
    },
    { what: `post ${postId} to wait for a retry` },
  );

describe("Retry-After is honoured up to the cap (15 min by default)", () => {
  const farDate = "Fri, 31 Dec 2100 23:59:59 GMT";
  for (const retryAfter of ["86400", "99999999999", farDate, "soon, maybe", "-5"]) {
    it(`Retry-After: ${retryAfter} is an ordinary transient failure: the post publishes on the next attempts`, async () => {
      const channel = await webhookChannel();
      const p = await post([channel.id]);
      receiver.plan({ kind: "status", status: 503, body: "busy", retryAfter });
      await schedule(p.id, 1_000);
      await waitForStatus(p.id, "PUBLISHED");
      expect(receiver.deliveries.map((d) => d.answer)).toEqual(["status", "ok"]);
      const [result] = await db.publicationResult.findMany({ where: { channelId: channel.id } });
      expect(result).toMatchObject({ status: "SUCCEEDED", attempts: 2 });
    });
  }

  it("a hint within the cap (delta-seconds or HTTP date) is waited out, the post meanwhile not held by a lease", async () => {
    const channel = await webhookChannel();
    const first = await post([channel.id], "one");
    const second = await post([channel.id], "two");
    receiver.plan(
      { kind: "status", status: 503, retryAfter: "600" },
      { kind: "status", status: 429, retryAfter: new Date(Date.now() + 600_000).toUTCString() },
    );
    // Whichever post the receiver answers first gets the seconds, the other the date: both must wait.
    await schedule(first.id, 2_000);
    await schedule(second.id, 2_000);
    for (const id of [first.id, second.id]) {
      const waiting = await waitForRetryWait(id);
      const job = await jobOf(id, waiting.version);
      // Delayed by the platform's ~10 minutes (not the 200 ms backoff), and no attempt spent on it.
      expect((job?.timestamp ?? 0) + (job?.delay ?? 0)).toBeGreaterThan(Date.now() + 540_000);
      expect(job?.attemptsMade).toBe(0);
    }
    expect(receiver.deliveries).toHaveLength(2);
  });
});

describe("a post waiting for a retry can always be taken back", () => {
  it("unschedule cancels its remaining channels, returns it to DRAFT and removes the job; nothing more is sent", async () => {
    const channel = await webhookChannel();
    const p = await post([channel.id]);
    receiver.plan({ kind: "status", status: 503, body: "busy", retryAfter: "600" });
    await schedule(p.id, 1_000);
    const waiting = await waitForRetryWait(p.id);

    const res = await unschedule(p.id);
    expect(res.status).toBe(200);
    expect(res.json).toMatchObject({
      status: "DRAFT",
      scheduledAt: null,
      version: waiting.version + 1,
      publishCount: 0,
    });
    expect(res.json.latestPublication).toMatchObject({
      status: "CANCELLED",
      results: [{ channelId: channel.id, status: "CANCELLED", attempts: 1 }],
    });
    expect(res.json.latestPublication.results[0].errorMessage).toMatch(/^cancelled: the post was unscheduled.*503/);
    expect(await jobOf(p.id, waiting.version)).toBeUndefined();
    // Had Redis kept the retry (removal is best-effort), it would wake to a newer version and send nothing.
    const jobId = await enqueuePublishJob({
      queue: pw.queue,
      job: { postId: p.id, workspaceId, version: waiting.version },
      scheduledAt: new Date(),
    });
    const woke = await waitFor(
      async () => {
        const job = await pw.queue.getJob(jobId);
        return job && (await job.isCompleted()) && job;
      },
      { what: "the leftover retry to run" },
    );
    expect(woke.returnvalue).toMatchObject({ outcome: "dropped", reason: expect.stringContaining("stale") });
    expect(receiver.deliveries).toHaveLength(1);
    expect(await row(p.id)).toMatchObject({ status: "DRAFT", version: waiting.version + 1 });
    // Scheduling it again is a new publication that goes out.
    await schedule(p.id, 500);
    await waitForStatus(p.id, "PUBLISHED");
    expect(await db.publication.count({ where: { postId: p.id } })).toBe(2);
  });

  it("delete keeps what already went out: one channel SUCCEEDED stays, the waiting one is CANCELLED", async () => {
    const sandbox = await sandboxChannel("Try-out");
    const hook = await webhookChannel();
    const p = await post([sandbox.id, hook.id]);
    receiver.plan({ kind: "status", status: 500, body: "down", retryAfter: "600" });
    await schedule(p.id, 1_000);
    const waiting = await waitForRetryWait(p.id);

    expect((await del(p.id)).status).toBe(204);
    expect(await jobOf(p.id, waiting.version)).toBeUndefined();
    const stored = await row(p.id);
    expect(stored).toMatchObject({ status: "PUBLISHED", publishCount: 1, version: waiting.version + 1 });
    expect(stored.deletedAt).not.toBeNull();
    const h = await history(p.id);
    expect(h.status).toBe(200);
    expect(h.json.publications).toHaveLength(1);
    expect(h.json.publications[0].status).toBe("PARTIAL");
    const byChannel = Object.fromEntries(
      h.json.publications[0].results.map((r: { channelId: string }) => [r.channelId, r]),
    );
    expect(byChannel[sandbox.id]).toMatchObject({
      status: "SUCCEEDED",
      channelName: "Try-out",
      platformPostId: expect.stringMatching(/^sandbox-/),
      // Only http(s) links are kept; the sandbox's own sandbox:// link is not one.
      url: null,
    });
    expect(byChannel[hook.id]).toMatchObject({
      status: "CANCELLED",
      errorMessage: expect.stringContaining("the post was deleted"),
    });
    expect(receiver.deliveries).toHaveLength(1);
  });

  it("the history keeps the text that went out, whatever the post says after an edit", async () => {
    const sandbox = await sandboxChannel("Try-out");
    const p = await post([sandbox.id], "Sent as this");
    await schedule(p.id, 500);
    await waitForStatus(p.id, "PUBLISHED");
    const edit = await callRoute(postRoute.PATCH, {
      method: "PATCH",
      path: "/api/posts/id",
      token,
      params: { id: p.id },
      body: { content: "Edited afterwards" },
    });
    expect(edit.status).toBe(200);
    expect(edit.json.content).toBe("Edited afterwards");
    const h = await history(p.id);
    expect(h.json.publications[0].results[0]).toMatchObject({
      status: "SUCCEEDED",
      sentContent: "Sent as this",
      sentMediaUrls: [],
    });
  });

  it("an edit of its text lands on the channels still to publish; its channels cannot change meanwhile", async () => {
    const sandbox = await sandboxChannel("Try-out");
    const hook = await webhookChannel();
    const p = await post([sandbox.id, hook.id], "typo");
    receiver.plan({ kind: "status", status: 503, retryAfter: "600" });
    await schedule(p.id, 1_000);
    const waiting = await waitForRetryWait(p.id);
    const patch = (body: unknown) =>
      callRoute(postRoute.PATCH, { method: "PATCH", path: "/api/posts/id", token, params: { id: p.id }, body });

    const moved = await patch({ channelIds: [sandbox.id] });
    expect(moved.status).toBe(409);
    expect(moved.json.error.message).toContain("unschedule it first");
    const fixed = await patch({ content: "fixed" });
    expect(fixed.status).toBe(200);
    expect(fixed.json).toMatchObject({ content: "fixed", status: "PUBLISHING", version: waiting.version });

    await (await jobOf(p.id, waiting.version))?.promote(); // the retry, now rather than in 10 minutes
    await waitForStatus(p.id, "PUBLISHED");
    expect(receiver.deliveries.map((d) => (d.body as { post: { content: string } }).post.content)).toEqual([
      "typo",
      "fixed",
    ]);
    const h = await history(p.id);
    expect(h.json.publications).toHaveLength(1);
    expect(h.json.publications[0].status).toBe("SUCCEEDED");
  });

  it("a request in flight makes edit, delete and unschedule 409 saying when to try again, changing nothing", async () => {
    const channel = await webhookChannel();
    const p = await post([channel.id]);
    receiver.plan({ kind: "hang" });
    await schedule(p.id, 500);
    await receiver.waitForDeliveries(1);
    const { leaseUntil } = await row(p.id);
    const edit = await callRoute(postRoute.PATCH, {
      method: "PATCH",
      path: "/api/posts/id",
      token,
      params: { id: p.id },
      body: { content: "too late" },
    });
    for (const res of [edit, await del(p.id), await unschedule(p.id)]) {
      expect(res.status).toBe(409);
      expect(res.json.error.details.status).toBe("PUBLISHING");
      expect(res.json.error.details.retryAfterMs).toBeGreaterThan(0);
      expect(Number(res.headers.get("retry-after"))).toBe(Math.ceil(res.json.error.details.retryAfterMs / 1000));
      expect(Date.parse(res.json.error.details.retryAt)).toBeGreaterThanOrEqual(leaseUntil?.getTime() ?? Infinity);
    }
    expect(await row(p.id)).toMatchObject({ status: "PUBLISHING", deletedAt: null, content: "Hello" });
  });
});

describe("deleting a post keeps the history of what went out", () => {
  it("a published post leaves the calendar; its publications stay readable; it can no longer be scheduled", async () => {
    const channel = await webhookChannel();
    const p = await post([channel.id], "went out");
    await schedule(p.id, 500);
    await waitForStatus(p.id, "PUBLISHED");

    expect((await del(p.id)).status).toBe(204);
    const gone = await get(p.id);
    expect(gone.status).toBe(404);
    expect(gone.json.error.message).toContain(`/api/posts/${p.id}/publications`);
    expect((await list()).json.posts.map((x: { id: string }) => x.id)).not.toContain(p.id);
    const deleted = await list("?deleted=true");
    expect(deleted.json.posts).toMatchObject([{ id: p.id, status: "PUBLISHED", deletedAt: expect.any(String) }]);

    const h = await history(p.id);
    expect(h.json.post).toMatchObject({ id: p.id, content: "went out", publishCount: 1 });
    const [publication] = h.json.publications;
    expect(publication).toMatchObject({ status: "SUCCEEDED" });
    const key = receiver.deliveries[0]?.idempotencyKey;
    expect(publication.results).toEqual([
      expect.objectContaining({
        channelId: channel.id,
        channelName: "Our site",
        channelDeleted: false,
        status: "SUCCEEDED",
        platformPostId: `hook-${key}`,
        url: `http://receiver.test/posts/${key}`,
        publishedAt: expect.any(String),
      }),
    ]);
    expect((await del(p.id)).status).toBe(404);
    const again = await callRoute(scheduleRoute.POST, {
      method: "POST",
      path: "/api/scheduling/posts/id/schedule",
      token,
      params: { id: p.id },
      body: { scheduledAt: new Date(Date.now() + 60_000).toISOString() },
    });
    expect(again.status).toBe(404);
  });

  it("a scheduled post that has published before is kept, unscheduled, its job gone; a never-sent one is erased", async () => {
    const channel = await sandboxChannel("Sandbox");
    const evergreen = await post([channel.id], "again and again");
    await schedule(evergreen.id, 500);
    await waitForStatus(evergreen.id, "PUBLISHED");
    const rescheduled = await schedule(evergreen.id, 3_600_000);
    expect((await del(evergreen.id)).status).toBe(204);
    expect(await row(evergreen.id)).toMatchObject({ status: "PUBLISHED", scheduledAt: null });
    expect(await jobOf(evergreen.id, rescheduled.version)).toBeUndefined();

    const draft = await post([channel.id], "never sent");
    const scheduled = await post([channel.id], "scheduled, never sent");
    const job = await schedule(scheduled.id, 3_600_000);
    expect((await del(draft.id)).status).toBe(204);
    expect((await del(scheduled.id)).status).toBe(204);
    expect(await db.post.count({ where: { id: { in: [draft.id, scheduled.id] } } })).toBe(0);
    expect(await jobOf(scheduled.id, job.version)).toBeUndefined();
    expect((await history(draft.id)).status).toBe(404);
  });
});

describe("deleting or deactivating a channel that scheduled posts target is explicit", () => {
  const setup = async () => {
    const doomed = await sandboxChannel("Doomed");
    const other = await sandboxChannel("Other");
    // A publication went out on `doomed` before: its history must survive the channel.
    const old = await post([doomed.id], "old news");
    await schedule(old.id, 500);
    await waitForStatus(old.id, "PUBLISHED");
    const both = await post([doomed.id, other.id], "both");
    const only = await post([doomed.id], "only doomed");
    const draft = await post([doomed.id], "a draft");
    const bothJob = await schedule(both.id, 3_600_000);
    const onlyJob = await schedule(only.id, 7_200_000);
    return { doomed, other, old, both, only, draft, bothJob, onlyJob };
  };

  it("delete names the scheduled posts; one keeps its other channel, one goes back to DRAFT with the reason", async () => {
    const { doomed, other, old, both, only, draft, bothJob, onlyJob } = await setup();
    const res = await callRoute(channelRoute.DELETE, {
      method: "DELETE",
      path: "/api/channels/id",
      token,
      params: { id: doomed.id },
    });
    expect(res.status).toBe(200);
    const reason =
      'Channel "Doomed" (SANDBOX) was deleted and the post had no other active channel; add a channel and schedule it again';
    expect(res.json).toEqual({
      id: doomed.id,
      deleted: true,
      historyKept: true,
      affectedPosts: [
        {
          id: both.id,
          scheduledAt: bothJob.scheduledAt,
          status: "SCHEDULED",
          remainingChannelIds: [other.id],
          draftReason: null,
        },
        {
          id: only.id,
          scheduledAt: onlyJob.scheduledAt,
          status: "DRAFT",
          remainingChannelIds: [],
          draftReason: reason,
        },
      ],
    });
    const bothNow = await get(both.id);
    expect(bothNow.json).toMatchObject({ status: "SCHEDULED", version: bothJob.version, channels: [{ id: other.id }] });
    expect(await (await jobOf(both.id, bothJob.version))?.getState()).toBe("delayed");
    const onlyNow = await get(only.id);
    expect(onlyNow.json).toMatchObject({ status: "DRAFT", scheduledAt: null, draftReason: reason, channels: [] });
    expect(await jobOf(only.id, onlyJob.version)).toBeUndefined();
    expect((await get(draft.id)).json).toMatchObject({ status: "DRAFT", channels: [], draftReason: null });

    // The channel leaves every list and cannot be targeted; its publication results stay in the history.
    const channels = await callRoute(channelsRoute.GET, { path: "/api/channels", token });
    expect(channels.json.channels.map((c: { id: string }) => c.id)).toEqual([other.id]);
    expect(
      (await callRoute(channelRoute.GET, { path: "/api/channels/id", token, params: { id: doomed.id } })).status,
    ).toBe(404);
    const retarget = await callRoute(postRoute.PATCH, {
      method: "PATCH",
      path: "/api/posts/id",
      token,
      params: { id: draft.id },
      body: { channelIds: [doomed.id] },
    });
    expect(retarget.status).toBe(422);
    expect(await db.channel.findUniqueOrThrow({ where: { id: doomed.id } })).toMatchObject({
      active: false,
      credentialsEnc: null,
      deletedAt: expect.any(Date),
    });
    const h = await history(old.id);
    expect(h.json.publications[0].results).toMatchObject([
      { channelId: doomed.id, channelName: "Doomed", channelDeleted: true, status: "SUCCEEDED" },
    ]);
    // Scheduling the draft again clears the reason.
    await callRoute(postRoute.PATCH, {
      method: "PATCH",
      path: "/api/posts/id",
      token,
      params: { id: only.id },
      body: { channelIds: [other.id] },
    });
    expect((await schedule(only.id, 3_600_000)).draftReason).toBeNull();
  });

  it("deactivate names the same posts; the drafted one keeps the channel so reactivating can restore it", async () => {
    const { doomed, other, both, only, bothJob, onlyJob } = await setup();
    const res = await callRoute(channelRoute.PATCH, {
      method: "PATCH",
      path: "/api/channels/id",
      token,
      params: { id: doomed.id },
      body: { active: false },
    });
    expect(res.status).toBe(200);
    const reason =
      'Channel "Doomed" (SANDBOX) was deactivated and the post had no other active channel; add a channel and schedule it again';
    expect(res.json).toMatchObject({
      id: doomed.id,
      active: false,
      affectedPosts: [
        { id: both.id, scheduledAt: bothJob.scheduledAt, status: "SCHEDULED", remainingChannelIds: [other.id] },
        {
          id: only.id,
          scheduledAt: onlyJob.scheduledAt,
          status: "DRAFT",
          remainingChannelIds: [],
          draftReason: reason,
        },
      ],
    });
    expect((await get(both.id)).json.channels.map((c: { id: string }) => c.id)).toEqual([other.id]);
    expect((await get(only.id)).json).toMatchObject({
      status: "DRAFT",
      draftReason: reason,
      channels: [{ id: doomed.id, active: false }],
    });
    expect(await jobOf(only.id, onlyJob.version)).toBeUndefined();
    // Deactivating again, or renaming, changes no post.
    const again = await callRoute(channelRoute.PATCH, {
      method: "PATCH",
      path: "/api/channels/id",
      token,
      params: { id: doomed.id },
      body: { active: false },
    });
    expect(again.json.affectedPosts).toEqual([]);
    await callRoute(channelRoute.PATCH, {
      method: "PATCH",
      path: "/api/channels/id",
      token,
      params: { id: doomed.id },
      body: { active: true },
    });
    expect((await schedule(only.id, 3_600_000)).draftReason).toBeNull();
  });

  it("a post waiting for a retry on the channel is named in a 409; once unscheduled, the delete goes through", async () => {
    const hook = await webhookChannel();
    const p = await post([hook.id]);
    receiver.plan({ kind: "status", status: 503, retryAfter: "600" });
    await schedule(p.id, 1_000);
    await waitForRetryWait(p.id);
    const params = { id: hook.id };
    const refused = await callRoute(channelRoute.DELETE, { method: "DELETE", path: "/api/channels/id", token, params });
    expect(refused.status).toBe(409);
    expect(refused.json.error.details).toEqual({ status: "PUBLISHING", postIds: [p.id] });
    expect(refused.json.error.message).toContain("unschedule");
    expect((await unschedule(p.id)).status).toBe(200);
    const deleted = await callRoute(channelRoute.DELETE, { method: "DELETE", path: "/api/channels/id", token, params });
    expect(deleted.json).toEqual({ id: hook.id, deleted: true, historyKept: true, affectedPosts: [] });
    const h = await history(p.id);
    expect(h.json.publications[0].results).toMatchObject([{ status: "CANCELLED", channelDeleted: true }]);
    // The post no longer lists the channel, but its latest result still names it (the sent card shows that name).
    const after = await get(p.id);
    expect(after.json.channels).toEqual([]);
    expect(after.json.latestPublication.results).toMatchObject([{ channelId: hook.id, channelName: "Our site" }]);
  });

  it("a post with a request in flight on the channel makes delete and deactivate 409, changing nothing", async () => {
    const hook = await webhookChannel();
    const p = await post([hook.id]);
    receiver.plan({ kind: "hang" });
    await schedule(p.id, 500);
    await receiver.waitForDeliveries(1);
    const params = { id: hook.id };
    for (const res of [
      await callRoute(channelRoute.DELETE, { method: "DELETE", path: "/api/channels/id", token, params }),
      await callRoute(channelRoute.PATCH, {
        method: "PATCH",
        path: "/api/channels/id",
        token,
        params,
        body: { active: false },
      }),
    ]) {
      expect(res.status).toBe(409);
      expect(res.json.error.details.retryAfterMs).toBeGreaterThan(0);
    }
    expect(await db.channel.findUniqueOrThrow({ where: { id: hook.id } })).toMatchObject({
      active: true,
      deletedAt: null,
    });
  });
});
