import { beforeEach, describe, expect, it } from "vitest";
import * as rotateRoute from "@/app/api/scheduling/evergreen/rotate/route";
import * as undoRoute from "@/app/api/scheduling/evergreen/rotate/undo/route";
import { schedulePost } from "@/lib/scheduling/schedule-post";
import { callRoute, isolateAppSingletons } from "@/tests/helpers/call-route";
import { createTestPost, createTestPublication } from "@/tests/helpers/factories";
import { setupTestWorkspaces } from "@/tests/helpers/test-workspaces";

// Undo of an evergreen rotation (the toast on the Evergreen page): each post goes back to the state it had, its
// rotation job goes, and a post changed since the rotation stops the whole undo.

const own = isolateAppSingletons();
const { db, createWorkspace } = setupTestWorkspaces({ app: own, obliterateQueue: true, mongo: true });
const DAY = 86_400_000;
let token: string, workspaceId: string, channelId: string;

beforeEach(async () => {
  ({ token, workspaceId, channelId } = await createWorkspace({ timezone: "Europe/Berlin" }, [{ displayName: "Sky" }]));
});

/** A never-published evergreen DRAFT. */
const draft = () => createTestPost(db, { workspaceId, channelIds: [channelId], tags: ["evergreen"] });

/** An evergreen post published `days` ago (a SUCCEEDED or FAILED publication at that time). */
async function publishedBefore(days: number, outcome: "SUCCEEDED" | "FAILED") {
  const post = await createTestPost(db, { workspaceId, channelIds: [channelId], tags: ["evergreen"] });
  const at = new Date(Date.now() - days * DAY);
  await createTestPublication(db, {
    workspaceId,
    postId: post.id,
    postVersion: 0,
    status: outcome,
    at,
    results: [{ channelId, platform: "SANDBOX", status: outcome }],
  });
  return db.post.update({
    where: { id: post.id },
    data: {
      status: outcome === "SUCCEEDED" ? "PUBLISHED" : "FAILED",
      scheduledAt: at,
      publishCount: outcome === "SUCCEEDED" ? 1 : 0,
      lastPublishedAt: outcome === "SUCCEEDED" ? at : null,
    },
  });
}

const rotate = (count: number) =>
  callRoute(rotateRoute.POST, {
    method: "POST",
    path: "/api/scheduling/evergreen/rotate",
    token,
    body: { count },
  });
const undo = (posts: { postId: string; version: number }[], as = token) =>
  callRoute(undoRoute.POST, {
    method: "POST",
    path: "/api/scheduling/evergreen/rotate/undo",
    token: as,
    body: { posts },
  });
const state = async (id: string) => {
  const p = await db.post.findUniqueOrThrow({ where: { id } });
  return { status: p.status, scheduledAt: p.scheduledAt?.toISOString() ?? null };
};
const jobCount = async () => (await own.queue().getJobs(["delayed", "waiting", "prioritized"])).length;
const undoBodyOf = (json: { scheduled: { post: { id: string; version: number } }[] }) =>
  json.scheduled.map((s) => ({ postId: s.post.id, version: s.post.version }));

describe("POST /api/scheduling/evergreen/rotate/undo", () => {
  it("puts each rotated post back as it was (draft, published, failed) and removes the rotation's jobs", async () => {
    const a = await draft();
    const b = await publishedBefore(60, "SUCCEEDED");
    const c = await publishedBefore(90, "FAILED");
    const before = { [a.id]: await state(a.id), [b.id]: await state(b.id), [c.id]: await state(c.id) };
    expect(before[a.id]).toEqual({ status: "DRAFT", scheduledAt: null });

    const rotated = await rotate(3);
    expect(rotated.status).toBe(200);
    expect(rotated.json.scheduled).toHaveLength(3);
    expect(await jobCount()).toBe(3);

    const res = await undo(undoBodyOf(rotated.json));
    expect(res.status).toBe(200);
    expect(res.json.restored.map((p: { id: string; status: string }) => [p.id, p.status])).toEqual(
      undoBodyOf(rotated.json).map(({ postId }) => [postId, before[postId]?.status]),
    );
    for (const id of [a.id, b.id, c.id]) expect(await state(id)).toEqual(before[id]);
    expect(await jobCount()).toBe(0);

    // Undone once: a second undo with the same versions finds them changed, and writes nothing.
    const again = await undo(undoBodyOf(rotated.json));
    expect(again.status).toBe(409);
    for (const id of [a.id, b.id, c.id]) expect(await state(id)).toEqual(before[id]);
  });

  it("refuses the whole undo (409 naming the post) when one post was rescheduled since, changing nothing", async () => {
    await draft();
    await draft();
    const rotated = await rotate(2);
    const body = undoBodyOf(rotated.json);
    const moved = body[0]?.postId as string;
    const untouched = body[1]?.postId as string;
    const later = new Date(Date.now() + 5 * DAY).toISOString();
    await schedulePost({ db, queue: own.queue(), workspaceId, postId: moved, scheduledAt: later });
    const untouchedBefore = await state(untouched);

    const res = await undo(body);
    expect(res.status).toBe(409);
    expect(res.json.error.details.posts).toEqual([{ postId: moved, message: expect.stringContaining("changed") }]);
    expect(await state(moved)).toEqual({ status: "SCHEDULED", scheduledAt: later });
    expect(await state(untouched)).toEqual(untouchedBefore);
    expect(untouchedBefore.status).toBe("SCHEDULED");
  });

  it("answers 404 for another workspace's post and 400 for a malformed body, writing nothing", async () => {
    await draft();
    const rotated = await rotate(1);
    const body = undoBodyOf(rotated.json);
    const other = await createWorkspace();
    const foreign = await undo(body, other.token);
    expect(foreign.status).toBe(404);
    expect((await state(body[0]?.postId as string)).status).toBe("SCHEDULED");

    for (const bad of [[], [{ postId: "x" }], [{ postId: "x", version: -1 }], [...body, ...body]]) {
      const res = await undo(bad as { postId: string; version: number }[]);
      expect(res.status).toBe(400);
    }
    expect((await state(body[0]?.postId as string)).status).toBe("SCHEDULED");
  });
});
