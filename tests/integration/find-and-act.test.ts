import { beforeEach, describe, expect, it } from "vitest";
import * as bulkRoute from "@/app/api/posts/bulk/route";
import * as postsRoute from "@/app/api/posts/route";
import { Prisma } from "@/lib/generated/prisma/client";
import type { MembershipRole } from "@/lib/generated/prisma/enums";
import { searchPostIdsSql } from "@/lib/posts/search-post-ids-sql";
import { publishJobId } from "@/lib/queue/publish-queue";
import { listPostsQuery } from "@/lib/schemas/posts";
import { callRoute, isolateAppSingletons } from "@/tests/helpers/call-route";
import { createTestChannel, createTestPost } from "@/tests/helpers/factories";
import { setupTestWorkspaces, type TestMember } from "@/tests/helpers/test-workspaces";

// Finding posts and bulk actions (issue 13, README "Finding posts") through the real route handlers on real
// PostgreSQL (the pg_trgm index of prisma/migrations/20270101500000_post_search) and Redis.

const app = isolateAppSingletons();
const { db, createWorkspace, createMember } = setupTestWorkspaces({ app, obliterateQueue: true });

let workspaceId: string, channelId: string, otherChannelId: string;
const as: Partial<Record<MembershipRole, TestMember>> = {};
const HOUR = 3_600_000;
const inHours = (h: number) => new Date(Date.now() + h * HOUR).toISOString();

const who = (role: MembershipRole) => {
  const w = as[role];
  if (!w) throw new Error(`no ${role}`);
  return w;
};

beforeEach(async () => {
  const created = await createWorkspace({ timezone: "Europe/Berlin" }, [
    { platform: "SANDBOX", displayName: "Brand A" },
    { platform: "SANDBOX", displayName: "Brand B" },
  ]);
  workspaceId = created.workspaceId;
  [channelId, otherChannelId] = created.channelIds;
  as.OWNER = await createMember({ workspaceId, role: "OWNER", name: "Olga Owner" });
  as.EDITOR = await createMember({ workspaceId, role: "EDITOR", name: "Eddie Editor" });
  as.VIEWER = await createMember({ workspaceId, role: "VIEWER", name: "Vic Viewer" });
});

const search = (qs: string, role: MembershipRole = "VIEWER") =>
  callRoute(postsRoute.GET, { path: `/api/posts?${qs}`, headers: who(role).headers });
const contents = async (qs: string) => {
  const res = await search(qs);
  expect(res.status).toBe(200);
  return (res.json.posts as { content: string }[]).map((p) => p.content).sort();
};
const bulk = (body: unknown, role: MembershipRole = "OWNER") =>
  callRoute(bulkRoute.POST, { method: "POST", path: "/api/posts/bulk", body, headers: who(role).headers });
const create = async (body: Record<string, unknown>, role: MembershipRole = "OWNER") => {
  const res = await callRoute(postsRoute.POST, {
    method: "POST",
    path: "/api/posts",
    body: { channelIds: [channelId], ...body },
    headers: who(role).headers,
  });
  expect(res.status).toBe(201);
  return res.json as { id: string; status: string; scheduledAt: string | null; version: number };
};
const jobIds = async () =>
  (await app.queue().getJobs(["delayed", "waiting", "prioritized", "active"])).map((j) => j.id).sort();

let publicationVersion = 0;
/** A finished publication of `postId` whose results on the two channels have these statuses. */
async function publication(postId: string, statuses: ("SUCCEEDED" | "FAILED" | "UNCONFIRMED")[], startedAt: Date) {
  await db.publication.create({
    data: {
      workspaceId,
      postId,
      postVersion: ++publicationVersion,
      status: "FAILED",
      scheduledAt: startedAt,
      startedAt,
      finishedAt: startedAt,
      results: {
        create: statuses.map((status, i) => ({
          channelId: i === 0 ? channelId : otherChannelId,
          platform: "SANDBOX" as const,
          status,
          idempotencyKey: `${postId}-${startedAt.getTime()}-${i}`,
        })),
      },
    },
  });
}

describe("GET /api/posts search", () => {
  it("finds text anywhere, case-insensitive; misses what is not there; % and _ are literal", async () => {
    await create({ content: "Spring SALE on sneakers" });
    await create({ content: "Autumn launch, 50% off" });
    await create({ content: "Autumn launch, 50 off" });
    await create({ content: "snake_case tips" });
    expect(await contents("q=sneak")).toEqual(["Spring SALE on sneakers"]);
    expect(await contents("q=sale")).toEqual(["Spring SALE on sneakers"]);
    expect(await contents("q=winter")).toEqual([]);
    expect(await contents("q=50%25")).toEqual(["Autumn launch, 50% off"]);
    expect(await contents("q=e_c")).toEqual(["snake_case tips"]);
    expect(await contents("q=autumn%20launch")).toEqual(["Autumn launch, 50 off", "Autumn launch, 50% off"]);
  });

  it("is scoped to the caller's workspace: another workspace's matching post is not found", async () => {
    const other = await createWorkspace();
    const theirChannel = await createTestChannel(db, { workspaceId: other.workspace.id, platform: "SANDBOX" });
    await createTestPost(db, {
      workspaceId: other.workspace.id,
      channelIds: [theirChannel.id],
      content: "Secret sneakers drop",
    });
    await create({ content: "Our sneakers" });
    expect(await contents("q=sneakers")).toEqual(["Our sneakers"]);
  });

  it("combines text with status, tag, channel and author", async () => {
    await create({ content: "Promo one", tags: ["promo"], scheduledAt: inHours(3) }, "OWNER");
    await create({ content: "Promo two", tags: ["promo"] }, "EDITOR");
    await create({ content: "Promo three", tags: ["other"], scheduledAt: inHours(4) }, "EDITOR");
    await create({ content: "Promo four", tags: ["promo"], channelIds: [otherChannelId], scheduledAt: inHours(5) });
    expect(await contents("q=promo&status=SCHEDULED")).toEqual(["Promo four", "Promo one", "Promo three"]);
    expect(await contents("q=promo&status=SCHEDULED&tag=promo")).toEqual(["Promo four", "Promo one"]);
    expect(await contents(`q=promo&tag=promo&channel=${channelId}`)).toEqual(["Promo one", "Promo two"]);
    expect(await contents(`q=promo&author=${who("EDITOR").userId}`)).toEqual(["Promo three", "Promo two"]);
    expect(await contents(`author=${who("EDITOR").userId}&status=DRAFT`)).toEqual(["Promo two"]);
    expect(await contents(`q=promo&author=${who("EDITOR").userId}&tag=promo&status=SCHEDULED`)).toEqual([]);
  });

  it("filters by the latest publication's outcome: failed, partly published, unconfirmed, published", async () => {
    const failed = await createTestPost(db, { workspaceId, channelIds: [channelId], content: "went wrong" });
    const partly = await createTestPost(db, { workspaceId, channelIds: [channelId], content: "half out" });
    const unconfirmed = await createTestPost(db, { workspaceId, channelIds: [channelId], content: "maybe out" });
    const fixed = await createTestPost(db, { workspaceId, channelIds: [channelId], content: "failed then fixed" });
    await createTestPost(db, { workspaceId, channelIds: [channelId], content: "never sent" });
    const t = Date.now() - 10 * HOUR;
    await publication(failed.id, ["FAILED", "FAILED"], new Date(t));
    await publication(partly.id, ["SUCCEEDED", "FAILED"], new Date(t));
    await publication(unconfirmed.id, ["UNCONFIRMED"], new Date(t));
    await publication(fixed.id, ["FAILED"], new Date(t));
    await publication(fixed.id, ["SUCCEEDED", "SUCCEEDED"], new Date(t + HOUR)); // the latest one counts
    expect(await contents("outcome=failed")).toEqual(["went wrong"]);
    expect(await contents("outcome=partly_published")).toEqual(["half out"]);
    expect(await contents("outcome=unconfirmed")).toEqual(["maybe out"]);
    expect(await contents("outcome=published")).toEqual(["failed then fixed"]);
    expect(await contents("outcome=failed,partly_published,unconfirmed")).toEqual([
      "half out",
      "maybe out",
      "went wrong",
    ]);
    expect(await contents("outcome=failed&q=half")).toEqual([]);
    const bad = await search("outcome=exploded");
    expect(bad.status).toBe(400);
    expect(bad.text).toContain("outcome");
  });

  it("the text search is answered by the trigram index, not a scan (EXPLAIN)", async () => {
    // Enough rows in this workspace that the planner has a real choice between the index and a scan.
    await db.$executeRaw`INSERT INTO "Post" ("id", "workspaceId", "content", "updatedAt")
      SELECT 'bulk-' || ${workspaceId} || '-' || g, ${workspaceId}, 'Filler post number ' || g || ' about coffee', now()
      FROM generate_series(1, 20000) g`;
    await create({ content: "The one about sneakers" });
    // What autovacuum does after a bulk insert: statistics, and the GIN pending list (rows inserted since the last
    // vacuum wait there and are scanned linearly, which the planner counts against the index) merged in.
    await db.$executeRawUnsafe(`VACUUM ANALYZE "Post"`);
    const query = listPostsQuery.parse({ q: "sneakers" });
    const plan = await db.$queryRaw<{ "QUERY PLAN": string }[]>(
      Prisma.sql`EXPLAIN ${searchPostIdsSql({ workspaceId, query })}`,
    );
    const text = plan.map((r) => r["QUERY PLAN"]).join("\n");
    expect(text).toContain("Post_content_trgm_idx");
    expect(text).not.toMatch(/Seq Scan on "Post"/);
    expect(await contents("q=sneakers")).toEqual(["The one about sneakers"]);
  });
});

describe("POST /api/posts/bulk", () => {
  it("move to draft is all or nothing: one post that is not scheduled is named and nothing changes", async () => {
    const a = await create({ content: "A", scheduledAt: inHours(3) });
    const b = await create({ content: "B", scheduledAt: inHours(4) });
    const draft = await create({ content: "C" });
    const refused = await bulk({ action: "move_to_draft", postIds: [a.id, b.id, draft.id] });
    expect(refused.status).toBe(409);
    expect(refused.json.error.message).toContain(draft.id);
    expect(refused.json.error.details.posts).toEqual([
      { postId: draft.id, message: "is not scheduled (status DRAFT)" },
    ]);
    const rows = await db.post.findMany({ where: { id: { in: [a.id, b.id] } }, orderBy: { content: "asc" } });
    expect(rows.map((r) => r.status)).toEqual(["SCHEDULED", "SCHEDULED"]);
    expect(await jobIds()).toEqual([publishJobId(a.id, a.version), publishJobId(b.id, b.version)].sort());

    const moved = await bulk({ action: "move_to_draft", postIds: [a.id, b.id] });
    expect(moved.status).toBe(200);
    expect(await jobIds()).toEqual([]);
    expect((await db.post.findMany({ where: { id: { in: [a.id, b.id] } } })).map((r) => r.status)).toEqual([
      "DRAFT",
      "DRAFT",
    ]);
    // Undo: the answer carries the body that puts them back at their times.
    expect(moved.json.undo).toMatchObject({ action: "schedule" });
    const undone = await bulk(moved.json.undo);
    expect(undone.status).toBe(200);
    const back = await db.post.findMany({ where: { id: { in: [a.id, b.id] } }, orderBy: { content: "asc" } });
    expect(back.map((r) => [r.status, r.scheduledAt?.toISOString()])).toEqual([
      ["SCHEDULED", a.scheduledAt],
      ["SCHEDULED", b.scheduledAt],
    ]);
  });

  it("another workspace's post is 404 naming it, and the caller's own posts are untouched", async () => {
    const other = await createWorkspace();
    const theirChannel = await createTestChannel(db, { workspaceId: other.workspace.id, platform: "SANDBOX" });
    const theirs = await createTestPost(db, { workspaceId: other.workspace.id, channelIds: [theirChannel.id] });
    const mine = await create({ content: "mine" });
    const res = await bulk({ action: "delete", postIds: [mine.id, theirs.id] });
    expect(res.status).toBe(404);
    expect(res.json.error.details.posts).toEqual([{ postId: theirs.id, message: "not found in this workspace" }]);
    expect(await db.post.count({ where: { id: { in: [mine.id, theirs.id] } } })).toBe(2);
  });

  it("delete removes every post; add_tag and its undo change only the posts that lacked the tag", async () => {
    const a = await create({ content: "A", tags: ["launch"] });
    const b = await create({ content: "B", scheduledAt: inHours(2) });
    const tagged = await bulk({ action: "add_tag", postIds: [a.id, b.id], tag: "#Launch" });
    expect(tagged.status).toBe(200);
    expect(tagged.json.undo).toEqual({ action: "remove_tag", postIds: [b.id], tag: "launch" });
    expect((await db.post.findUniqueOrThrow({ where: { id: b.id } })).tags).toEqual(["launch"]);
    await bulk(tagged.json.undo);
    expect((await db.post.findUniqueOrThrow({ where: { id: a.id } })).tags).toEqual(["launch"]);
    expect((await db.post.findUniqueOrThrow({ where: { id: b.id } })).tags).toEqual([]);

    const deleted = await bulk({ action: "delete", postIds: [a.id, b.id] });
    expect(deleted.status).toBe(200);
    expect(await db.post.count({ where: { id: { in: [a.id, b.id] } } })).toBe(0);
    expect(await jobIds()).toEqual([]);
  });

  it("reschedule by an offset moves scheduled posts; a past target refuses all of them", async () => {
    const a = await create({ content: "A", scheduledAt: inHours(3) });
    const b = await create({ content: "B", scheduledAt: inHours(30) });
    const past = await bulk({ action: "reschedule", postIds: [a.id, b.id], offsetMinutes: -24 * 60 });
    expect(past.status).toBe(409);
    expect(past.json.error.details.posts.map((p: { postId: string }) => p.postId)).toEqual([a.id]);
    expect((await db.post.findUniqueOrThrow({ where: { id: b.id } })).scheduledAt?.toISOString()).toBe(b.scheduledAt);

    const later = await bulk({ action: "reschedule", postIds: [a.id, b.id], offsetMinutes: 90 });
    expect(later.status).toBe(200);
    const rowA = await db.post.findUniqueOrThrow({ where: { id: a.id } });
    expect(rowA.scheduledAt?.getTime()).toBe(Date.parse(a.scheduledAt as string) + 90 * 60_000);
    expect(rowA.status).toBe("SCHEDULED");
    expect(later.json.undo).toEqual({ action: "reschedule", postIds: [a.id, b.id], offsetMinutes: -90 });
  });

  it("with approvals required, an Editor's bulk reschedule sends the posts to review (no job)", async () => {
    const a = await create({ content: "A", scheduledAt: inHours(3) });
    await db.workspace.update({ where: { id: workspaceId }, data: { approvalsRequired: true } });
    const res = await bulk({ action: "reschedule", postIds: [a.id], offsetMinutes: 60 }, "EDITOR");
    expect(res.status).toBe(200);
    expect((await db.post.findUniqueOrThrow({ where: { id: a.id } })).status).toBe("IN_REVIEW");
    expect(await jobIds()).toEqual([]);
  });

  it("a Viewer may search but not act (403); bad bodies are 400 naming the field", async () => {
    const a = await create({ content: "A" });
    expect((await search("q=A", "VIEWER")).status).toBe(200);
    const res = await bulk({ action: "delete", postIds: [a.id] }, "VIEWER");
    expect(res.status).toBe(403);
    expect(await db.post.count({ where: { id: a.id } })).toBe(1);
    const bad = await bulk({ action: "reschedule", postIds: [a.id], offsetMinutes: 0 });
    expect(bad.status).toBe(400);
    expect(bad.text).toContain("offsetMinutes");
    expect((await bulk({ action: "explode", postIds: [a.id] })).status).toBe(400);
  });
});
