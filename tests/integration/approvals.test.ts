import { beforeEach, describe, expect, it } from "vitest";
import * as attentionRoute from "@/app/api/attention/route";
import * as mediaItemRoute from "@/app/api/media/[id]/route";
import * as commentsRoute from "@/app/api/posts/[id]/comments/route";
import * as retryRoute from "@/app/api/posts/[id]/retry/route";
import * as reviewRoute from "@/app/api/posts/[id]/review/route";
import * as postRoute from "@/app/api/posts/[id]/route";
import * as postsRoute from "@/app/api/posts/route";
import * as rotateRoute from "@/app/api/scheduling/evergreen/rotate/route";
import * as scheduleRoute from "@/app/api/scheduling/posts/[id]/schedule/route";
import * as workspaceRoute from "@/app/api/workspace/route";
import { createRedis } from "@/lib/db/redis";
import type { MembershipRole } from "@/lib/generated/prisma/enums";
import { publishJobId } from "@/lib/queue/publish-queue";
import { sweepDuePosts } from "@/lib/scheduling/sweep-due-posts";
import { callRoute, isolateAppSingletons } from "@/tests/helpers/call-route";
import { createTestChannel, createTestPost } from "@/tests/helpers/factories";
import { setupTestWorkspaces, type TestMember } from "@/tests/helpers/test-workspaces";

// Approvals (issue 12, README "Approvals") through the real route handlers, on real PostgreSQL and Redis: with
// approvalsRequired, every path that would schedule a post for an Editor sends it IN_REVIEW (no job) instead; a
// reviewer approves (SCHEDULED + job) or requests changes (DRAFT), compare-and-set on the version read.

const app = isolateAppSingletons();
const { db, createWorkspace, createMember } = setupTestWorkspaces({ app, obliterateQueue: true });

let workspaceId: string, token: string, channelId: string;
const as: Partial<Record<MembershipRole, TestMember>> = {};
const HOUR = 3_600_000;
const inHours = (h: number) => new Date(Date.now() + h * HOUR).toISOString();

beforeEach(async () => {
  ({ workspaceId, token, channelId } = await createWorkspace({ timezone: "Europe/Berlin", approvalsRequired: true }, [
    { displayName: "Sandbox" },
  ]));
  as.OWNER = await createMember({ workspaceId, role: "OWNER", name: "Olga Owner" });
  as.EDITOR = await createMember({ workspaceId, role: "EDITOR", name: "Eddie Editor" });
  as.APPROVER = await createMember({ workspaceId, role: "APPROVER", name: "Ada Approver" });
  as.VIEWER = await createMember({ workspaceId, role: "VIEWER", name: "Vic Viewer" });
});

const who = (role: MembershipRole) => {
  const w = as[role];
  if (!w) throw new Error(`no ${role}`);
  return w;
};
const jobIds = async () =>
  (await app.queue().getJobs(["delayed", "waiting", "prioritized", "active"])).map((j) => j.id).sort();
const create = (body: unknown, role: MembershipRole) =>
  callRoute(postsRoute.POST, { method: "POST", path: "/api/posts", body, headers: who(role).headers });
const schedule = (id: string, scheduledAt: string, role: MembershipRole) =>
  callRoute(scheduleRoute.POST, {
    method: "POST",
    path: `/api/scheduling/posts/${id}/schedule`,
    params: { id },
    body: { scheduledAt },
    headers: who(role).headers,
  });
const patch = (id: string, body: unknown, role: MembershipRole) =>
  callRoute(postRoute.PATCH, {
    method: "PATCH",
    path: `/api/posts/${id}`,
    params: { id },
    body,
    headers: who(role).headers,
  });
const review = (id: string, body: unknown, headers: Record<string, string> = who("APPROVER").headers) =>
  callRoute(reviewRoute.POST, { method: "POST", path: `/api/posts/${id}/review`, params: { id }, body, headers });
const comments = (id: string, headers: Record<string, string> = who("EDITOR").headers) =>
  callRoute(commentsRoute.GET, { path: `/api/posts/${id}/comments`, params: { id }, headers });
const comment = (id: string, body: unknown, headers: Record<string, string>) =>
  callRoute(commentsRoute.POST, { method: "POST", path: `/api/posts/${id}/comments`, params: { id }, body, headers });
const row = (id: string) => db.post.findUniqueOrThrow({ where: { id } });

/** A post the Editor submitted for approval through POST /api/posts, at `hours` from now. */
async function submitted(content = "Spring sale starts Monday", hours = 5) {
  const res = await create({ content, channelIds: [channelId], scheduledAt: inHours(hours) }, "EDITOR");
  expect(res.status).toBe(201);
  return res.json as { id: string; version: number; status: string };
}

describe("with approvals required, every path that schedules sends an Editor's post to review", () => {
  it("create with a time: IN_REVIEW, its time kept, no job, a SUBMITTED comment by the Editor", async () => {
    const at = inHours(5);
    const res = await create({ content: "Launch day", channelIds: [channelId], scheduledAt: at }, "EDITOR");
    expect(res.status).toBe(201);
    expect(res.json).toMatchObject({
      status: "IN_REVIEW",
      scheduledAt: at,
      version: 1,
      createdByUserId: who("EDITOR").userId,
      reviewState: null,
      reviewTimePassed: false,
    });
    expect(await jobIds()).toEqual([]);
    const thread = await comments(res.json.id);
    expect(thread.json.comments).toMatchObject([
      { kind: "SUBMITTED", author: { id: who("EDITOR").userId, name: "Eddie Editor" } },
    ]);
  });

  it("schedule and reschedule: a draft goes IN_REVIEW; a scheduled post's job is removed when it goes back", async () => {
    const draft = await createTestPost(db, { workspaceId, channelIds: [channelId] });
    const first = await schedule(draft.id, inHours(3), "EDITOR");
    expect(first.status).toBe(200);
    expect(first.json).toMatchObject({ status: "IN_REVIEW", version: 1 });
    expect(await jobIds()).toEqual([]);

    // The Owner schedules directly (posts:approve): a job exists; the Editor's reschedule sends it back to review.
    const direct = await schedule(draft.id, inHours(4), "OWNER");
    expect(direct.json).toMatchObject({ status: "SCHEDULED", version: 2 });
    expect(await jobIds()).toEqual([publishJobId(draft.id, 2)]);
    const again = await schedule(draft.id, inHours(6), "EDITOR");
    expect(again.json).toMatchObject({ status: "IN_REVIEW", version: 3 });
    expect(await jobIds()).toEqual([]);
    // Rescheduling while in review changes the time only: still one SUBMITTED per entry into review.
    await schedule(draft.id, inHours(7), "EDITOR");
    const kinds = (await comments(draft.id)).json.comments.map((c: { kind: string }) => c.kind);
    expect(kinds).toEqual(["SUBMITTED", "SUBMITTED"]);
  });

  it("PATCH of a scheduled (approved) post's content, channels or media sends it back; tags alone do not", async () => {
    const post = await submitted();
    const approved = await review(post.id, { decision: "approve", version: post.version });
    expect(approved.status).toBe(200);
    expect(approved.json).toMatchObject({ status: "SCHEDULED", reviewState: "APPROVED", version: 2 });
    expect(await jobIds()).toEqual([publishJobId(post.id, 2)]);

    const tags = await patch(post.id, { tags: ["spring"] }, "EDITOR");
    expect(tags.json).toMatchObject({ status: "SCHEDULED", version: 2, tags: ["spring"] });
    const same = await patch(post.id, { content: "Spring sale starts Monday" }, "EDITOR");
    expect(same.json).toMatchObject({ status: "SCHEDULED", version: 2 });

    const edited = await patch(post.id, { content: "Spring sale starts Tuesday" }, "EDITOR");
    expect(edited.status).toBe(200);
    expect(edited.json).toMatchObject({ status: "IN_REVIEW", version: 3, reviewState: null });
    expect(await jobIds()).toEqual([]);

    // Channels too (a second channel added to the approved post).
    const other = await createTestChannel(db, { workspaceId, displayName: "Second" });
    const ok = await review(post.id, { decision: "approve", version: 3 });
    expect(ok.json.status).toBe("SCHEDULED");
    const channels = await patch(post.id, { channelIds: [channelId, other.id] }, "EDITOR");
    expect(channels.json).toMatchObject({ status: "IN_REVIEW", version: 5 });
    // The Owner's edit of a scheduled post keeps it scheduled (posts:approve).
    await review(post.id, { decision: "approve", version: 5 });
    const byOwner = await patch(post.id, { content: "Owner's fix" }, "OWNER");
    expect(byOwner.json).toMatchObject({ status: "SCHEDULED", version: 6 });
  });

  it("evergreen rotate: the chosen posts go IN_REVIEW at their planned times, no job", async () => {
    const a = await createTestPost(db, { workspaceId, channelIds: [channelId], tags: ["evergreen"] });
    const b = await createTestPost(db, { workspaceId, channelIds: [channelId], tags: ["evergreen"] });
    const res = await callRoute(rotateRoute.POST, {
      method: "POST",
      path: "/api/scheduling/evergreen/rotate",
      body: { count: 2 },
      headers: who("EDITOR").headers,
    });
    expect(res.status).toBe(200);
    expect(res.json.scheduled.map((s: { post: { status: string } }) => s.post.status)).toEqual([
      "IN_REVIEW",
      "IN_REVIEW",
    ]);
    expect(await jobIds()).toEqual([]);
    for (const id of [a.id, b.id]) {
      const r = await row(id);
      expect(r.status).toBe("IN_REVIEW");
      expect(r.scheduledAt).not.toBeNull();
    }
  });

  it("callers with posts:approve schedule directly: Owner, Admin, a write token", async () => {
    const admin = await createMember({ workspaceId, role: "ADMIN", name: "Ana Admin" });
    for (const headers of [who("OWNER").headers, admin.headers, { authorization: `Bearer ${token}` }]) {
      const res = await callRoute(postsRoute.POST, {
        method: "POST",
        path: "/api/posts",
        body: { content: "Direct", channelIds: [channelId], scheduledAt: inHours(2) },
        headers,
      });
      expect(res.status).toBe(201);
      expect(res.json.status).toBe("SCHEDULED");
    }
    expect(await jobIds()).toHaveLength(3);
  });

  it("without approvals required, an Editor schedules directly", async () => {
    await db.workspace.update({ where: { id: workspaceId }, data: { approvalsRequired: false } });
    const res = await create({ content: "No review", channelIds: [channelId], scheduledAt: inHours(2) }, "EDITOR");
    expect(res.json.status).toBe("SCHEDULED");
    expect(await jobIds()).toEqual([publishJobId(res.json.id, 1)]);
  });

  it("a media item a post in review uses cannot be deleted (it would publish without it once approved)", async () => {
    const post = await submitted();
    const item = await db.mediaItem.create({
      data: {
        id: `m-${post.id}`,
        workspaceId,
        kind: "IMAGE",
        name: "sale.png",
        mimeType: "image/png",
        bytes: 100,
        width: 10,
        height: 10,
        storageKey: `k-${post.id}`,
        sha256: "0".repeat(64),
      },
    });
    await db.postMedia.create({ data: { postId: post.id, mediaId: item.id, position: 0 } });
    const res = await callRoute(mediaItemRoute.DELETE, {
      method: "DELETE",
      path: `/api/media/${item.id}`,
      params: { id: item.id },
      headers: who("EDITOR").headers,
    });
    expect(res.status).toBe(409);
    expect(res.json.error.details).toEqual({ posts: [post.id] });
    expect(await db.mediaItem.count({ where: { id: item.id } })).toBe(1);
  });

  it("the sweeper never takes a post in review, even past its time", async () => {
    const post = await submitted();
    await db.post.update({ where: { id: post.id }, data: { scheduledAt: new Date(Date.now() - HOUR) } });
    const redis = createRedis("worker");
    try {
      await sweepDuePosts({ db, queue: app.queue(), redis, includeFuture: true });
    } finally {
      await redis.quit();
    }
    expect(await jobIds()).toEqual([]);
    expect((await row(post.id)).status).toBe("IN_REVIEW");
  });
});

describe("retry of a failed post", () => {
  /** A post whose one publication (version 1) failed on the channel for a transient reason, finished a minute ago. */
  async function failedPost() {
    const finishedAt = new Date(Date.now() - 60_000);
    const post = await createTestPost(db, { workspaceId, channelIds: [channelId] });
    await db.post.update({
      where: { id: post.id },
      data: { status: "FAILED", version: 1, scheduledAt: new Date(finishedAt.getTime() - 1000), updatedAt: finishedAt },
    });
    await db.publication.create({
      data: {
        workspaceId,
        postId: post.id,
        postVersion: 1,
        status: "FAILED",
        scheduledAt: new Date(finishedAt.getTime() - 1000),
        finishedAt,
        results: {
          create: [
            {
              channelId,
              platform: "SANDBOX",
              status: "FAILED",
              errorKind: "transient",
              errorMessage: "503",
              attempts: 1,
              idempotencyKey: `k-${post.id}`,
            },
          ],
        },
      },
    });
    return post;
  }
  const retry = (id: string, role: MembershipRole) =>
    callRoute(retryRoute.POST, {
      method: "POST",
      path: `/api/posts/${id}/retry`,
      params: { id },
      headers: who(role).headers,
    });

  it("an Editor retries what was approved, but a post edited since needs approval first (409); the Owner may", async () => {
    const untouched = await failedPost();
    expect((await retry(untouched.id, "EDITOR")).status).toBe(200);

    const edited = await failedPost();
    expect((await patch(edited.id, { content: "New, unapproved text" }, "EDITOR")).status).toBe(200);
    const refused = await retry(edited.id, "EDITOR");
    expect(refused.status).toBe(409);
    expect(refused.json.error).toMatchObject({ details: { reason: "needs_approval" } });
    expect(refused.json.error.message).toContain("submit it for approval");
    expect((await row(edited.id)).status).toBe("FAILED");
    expect((await retry(edited.id, "OWNER")).status).toBe(200);
  });
});

describe("POST /api/posts/:id/review", () => {
  it("approve: SCHEDULED at version+1 with its job, an APPROVED comment; a stale version is 409", async () => {
    const post = await submitted();
    const stale = await review(post.id, { decision: "approve", version: post.version - 1 });
    expect(stale.status).toBe(409);
    expect((await row(post.id)).status).toBe("IN_REVIEW");

    const res = await review(post.id, { decision: "approve", version: post.version, comment: "Looks good" });
    expect(res.status).toBe(200);
    expect(res.json).toMatchObject({ status: "SCHEDULED", version: 2, reviewState: "APPROVED" });
    expect(await jobIds()).toEqual([publishJobId(post.id, 2)]);
    const thread = (await comments(post.id)).json.comments;
    expect(thread.map((c: { kind: string; body: string }) => [c.kind, c.body])).toEqual([
      ["SUBMITTED", ""],
      ["APPROVED", "Looks good"],
    ]);
    expect(thread[1].author.name).toBe("Ada Approver");

    // Deciding again on the version read: the post is no longer in review.
    const twice = await review(post.id, { decision: "approve", version: post.version });
    expect(twice.status).toBe(409);
    expect(twice.json.error.message).toContain("not in review");
  });

  it("compare-and-set: two reviewers deciding at once on the same version, exactly one wins", async () => {
    const post = await submitted();
    const admin = await createMember({ workspaceId, role: "ADMIN", name: "Ana Admin" });
    const [a, b] = await Promise.all([
      review(post.id, { decision: "approve", version: post.version }),
      review(post.id, { decision: "request_changes", version: post.version, comment: "No" }, admin.headers),
    ]);
    expect([a.status, b.status].sort()).toEqual([200, 409]);
    const after = await row(post.id);
    expect(after.version).toBe(2);
    const decisions = await db.postComment.count({ where: { postId: post.id, kind: { not: "SUBMITTED" } } });
    expect(decisions).toBe(1);
    expect(await jobIds()).toEqual(after.status === "SCHEDULED" ? [publishJobId(post.id, 2)] : []);
  });

  it("an edit while in review bumps the version: the reviewer's decision on the old text is 409", async () => {
    const post = await submitted();
    const edited = await patch(post.id, { content: "Spring sale starts Monday!" }, "EDITOR");
    expect(edited.json).toMatchObject({ status: "IN_REVIEW", version: post.version + 1 });
    const res = await review(post.id, { decision: "approve", version: post.version });
    expect(res.status).toBe(409);
    expect(res.json.error.message).toContain("changed");
  });

  it("request_changes needs a comment; then DRAFT with CHANGES_REQUESTED until submitted again", async () => {
    const post = await submitted();
    for (const body of [
      { decision: "request_changes", version: post.version },
      { decision: "request_changes", version: post.version, comment: "   " },
      { decision: "request_changes", version: post.version, comment: "x".repeat(2001) },
    ]) {
      const bad = await review(post.id, body);
      expect(bad.status).toBe(400);
      expect(JSON.stringify(bad.json.error)).toContain("comment");
    }
    expect((await row(post.id)).status).toBe("IN_REVIEW");

    const res = await review(post.id, { decision: "request_changes", version: post.version, comment: "Say 20% off" });
    expect(res.status).toBe(200);
    expect(res.json).toMatchObject({ status: "DRAFT", reviewState: "CHANGES_REQUESTED", version: 2 });
    expect(res.json.scheduledAt).not.toBeNull(); // the wanted time is kept to resubmit
    expect(await jobIds()).toEqual([]);

    // The Editor edits (comments are kept) and resubmits: IN_REVIEW again, the request cleared.
    const edited = await patch(post.id, { content: "Spring sale: 20% off from Monday" }, "EDITOR");
    expect(edited.json).toMatchObject({ status: "DRAFT", reviewState: "CHANGES_REQUESTED" });
    const again = await schedule(post.id, inHours(6), "EDITOR");
    expect(again.json).toMatchObject({ status: "IN_REVIEW", reviewState: null });
    const kinds = (await comments(post.id)).json.comments.map((c: { kind: string }) => c.kind);
    expect(kinds).toEqual(["SUBMITTED", "CHANGES_REQUESTED", "SUBMITTED"]);
  });

  it("a time that passed while in review: 409 naming the time, never scheduled; the post and Needs attention say so", async () => {
    const post = await submitted();
    const past = new Date("2026-03-02T08:00:00Z"); // 09:00 in Berlin
    await db.post.update({ where: { id: post.id }, data: { scheduledAt: past } });
    const res = await review(post.id, { decision: "approve", version: post.version });
    expect(res.status).toBe(409);
    expect(res.json.error.message).toBe(
      "Post cannot be approved: its time (Mon 2 Mar 2026, 09:00 Europe/Berlin (08:00 UTC)) passed while in review; " +
        "choose a new time",
    );
    expect(res.json.error.details).toMatchObject({ reason: "time_passed", scheduledAt: past.toISOString() });
    expect((await row(post.id)).status).toBe("IN_REVIEW");
    expect(await jobIds()).toEqual([]);

    const view = await callRoute(postRoute.GET, {
      path: `/api/posts/${post.id}`,
      params: { id: post.id },
      headers: who("VIEWER").headers,
    });
    expect(view.json).toMatchObject({ status: "IN_REVIEW", reviewTimePassed: true });
    const attention = await callRoute(attentionRoute.GET, { path: "/api/attention", headers: who("VIEWER").headers });
    expect(attention.json.reviewTimePassed).toEqual([
      {
        id: post.id,
        excerpt: "Spring sale starts Monday",
        scheduledAt: past.toISOString(),
        message: "Not published: its time passed while waiting for approval",
      },
    ]);

    // A new time from the Editor (still in review), then approval works.
    const moved = await schedule(post.id, inHours(3), "EDITOR");
    expect(moved.json).toMatchObject({ status: "IN_REVIEW", reviewTimePassed: false });
    const ok = await review(post.id, { decision: "approve", version: moved.json.version });
    expect(ok.json.status).toBe("SCHEDULED");
  });

  it("refuses an Editor (403 posts:approve) and another workspace's post (404), writing nothing", async () => {
    const post = await submitted();
    const editor = await review(post.id, { decision: "approve", version: post.version }, who("EDITOR").headers);
    expect(editor.status).toBe(403);
    expect(editor.json.error.message).toContain("posts:approve");

    const other = await createWorkspace({});
    const otherChannel = await createTestChannel(db, { workspaceId: other.workspace.id });
    const foreign = await createTestPost(db, { workspaceId: other.workspace.id, channelIds: [otherChannel.id] });
    await db.post.update({
      where: { id: foreign.id },
      data: { status: "IN_REVIEW", scheduledAt: new Date(inHours(4)) },
    });
    const res = await review(foreign.id, { decision: "approve", version: 0 });
    expect(res.status).toBe(404);
    expect((await comments(foreign.id)).status).toBe(404);
    expect((await comment(foreign.id, { body: "hi" }, who("APPROVER").headers)).status).toBe(404);
    expect((await row(foreign.id)).status).toBe("IN_REVIEW");
    expect(await db.postComment.count({ where: { postId: foreign.id } })).toBe(0);
  });
});

describe("comments", () => {
  it("Editor, Approver and a write token comment; a Viewer reads but cannot (403 posts:comment); kept on edits", async () => {
    const post = await submitted();
    expect((await comment(post.id, { body: "  Can we add a photo?  " }, who("APPROVER").headers)).status).toBe(201);
    const mine = await comment(post.id, { body: "Added" }, who("EDITOR").headers);
    expect(mine.status).toBe(201);
    expect(mine.json).toMatchObject({ kind: "COMMENT", body: "Added", author: { name: "Eddie Editor" } });
    const byToken = await comment(post.id, { body: "From CI" }, { authorization: `Bearer ${token}` });
    expect(byToken.json).toMatchObject({ body: "From CI", author: null });

    const viewer = await comment(post.id, { body: "me too" }, who("VIEWER").headers);
    expect(viewer.status).toBe(403);
    expect(viewer.json.error.message).toContain("posts:comment");
    const empty = await comment(post.id, { body: " " }, who("EDITOR").headers);
    expect(empty.status).toBe(400);

    await patch(post.id, { content: "Edited text" }, "EDITOR");
    const thread = await comments(post.id, who("VIEWER").headers);
    expect(thread.status).toBe(200);
    expect(thread.json.comments.map((c: { body: string }) => c.body)).toEqual([
      "",
      "Can we add a photo?",
      "Added",
      "From CI",
    ]);
  });
});

describe("PATCH /api/workspace approvalsRequired", () => {
  it("the Owner turns it on and off, audited; an Editor cannot (settings:manage)", async () => {
    const off = await callRoute(workspaceRoute.PATCH, {
      method: "PATCH",
      path: "/api/workspace",
      body: { approvalsRequired: false },
      headers: who("OWNER").headers,
    });
    expect(off.status).toBe(200);
    expect(off.json.approvalsRequired).toBe(false);
    const audit = await db.auditEvent.findFirst({ where: { workspaceId, action: "settings.changed" } });
    expect(audit?.details).toEqual({ approvalsRequired: { from: true, to: false } });
    const editor = await callRoute(workspaceRoute.PATCH, {
      method: "PATCH",
      path: "/api/workspace",
      body: { approvalsRequired: true },
      headers: who("EDITOR").headers,
    });
    expect(editor.status).toBe(403);
    const get = await callRoute(workspaceRoute.GET, { path: "/api/workspace", headers: who("EDITOR").headers });
    expect(get.json.approvalsRequired).toBe(false);
  });
});
