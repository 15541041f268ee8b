import { beforeEach, describe, expect, it } from "vitest";
import * as queueViewRoute from "@/app/api/queue/route";
import { listQueue } from "@/lib/posting-slots/list-queue";
import { callRoute, isolateAppSingletons } from "@/tests/helpers/call-route";
import { createTestChannel, createTestPost } from "@/tests/helpers/factories";
import { setupTestWorkspaces } from "@/tests/helpers/test-workspaces";

// GET /api/queue (README "Queue") through the real handler on real PostgreSQL: slot occurrences and live posts of
// the channel(s), one entry per instant, in the workspace's zone.

const app = isolateAppSingletons();
const { db, createWorkspace } = setupTestWorkspaces({ app });
let token: string, workspaceId: string, channelA: string, channelB: string;

beforeEach(async () => {
  const created = await createWorkspace({ timezone: "Europe/Berlin" }, [
    { displayName: "Brand A" },
    { displayName: "Brand B" },
  ]);
  ({ token, workspaceId } = created);
  [channelA, channelB] = created.channelIds;
});

const view = (query: string, as = token) => callRoute(queueViewRoute.GET, { path: `/api/queue${query}`, token: as });
const livePost = (
  channelIds: string[],
  at: string,
  status: "SCHEDULED" | "IN_REVIEW" | "PUBLISHING" | "DRAFT" | "PUBLISHED",
) =>
  db.post.create({
    data: {
      workspaceId,
      content: `${status} at ${at}`,
      status,
      scheduledAt: new Date(at),
      version: 2,
      channels: { create: channelIds.map((channelId) => ({ channelId })) },
    },
  });

describe("GET /api/queue", () => {
  it("lists slot occurrences and live posts by instant; posts at a slot sit in it, others are custom-time entries", async () => {
    // Mondays 09:15 on A, Mondays 09:15 and Tuesdays 12:30 on B (Berlin, CET in December 2030).
    await db.postingSlot.createMany({
      data: [
        { workspaceId, channelId: channelA, dayOfWeek: 1, minuteOfDay: 555 },
        { workspaceId, channelId: channelB, dayOfWeek: 1, minuteOfDay: 555 },
        { workspaceId, channelId: channelB, dayOfWeek: 2, minuteOfDay: 750 },
      ],
    });
    const atSlot = await livePost([channelA], "2030-12-02T08:15:00Z", "SCHEDULED");
    const review = await livePost([channelA, channelB], "2030-12-02T08:15:00Z", "IN_REVIEW");
    const custom = await livePost([channelB], "2030-12-04T16:45:00Z", "SCHEDULED");
    await livePost([channelA], "2030-12-05T10:00:00Z", "DRAFT"); // not live
    await livePost([channelA], "2030-12-20T10:00:00Z", "SCHEDULED"); // after the range
    const now = new Date("2030-12-01T12:00:00Z"); // a Sunday
    const res = await listQueue({ db, workspaceId, days: 7, now });
    expect(res.timezone).toBe("Europe/Berlin");
    expect(res.from).toBe("2030-12-01T12:00:00.000Z");
    expect(res.to).toBe("2030-12-08T12:00:00.000Z");
    expect(res.entries.map((e) => [e.atLocal, e.slot, [...e.slotChannelIds].sort(), e.posts.map((p) => p.id)])).toEqual(
      [
        ["2030-12-02T09:15:00+01:00", true, [channelA, channelB].sort(), [atSlot.id, review.id]],
        ["2030-12-03T12:30:00+01:00", true, [channelB], []],
        ["2030-12-04T17:45:00+01:00", false, [], [custom.id]],
      ],
    );
    expect(res.entries[0]?.posts[1]).toEqual({
      id: review.id,
      content: review.content,
      status: "IN_REVIEW",
      reviewState: null,
      version: 2,
      scheduledAt: "2030-12-02T08:15:00.000Z",
      channelIds: expect.arrayContaining([channelA, channelB]),
    });

    // One channel: only its slots and its posts.
    const onlyA = await listQueue({ db, workspaceId, channelId: channelA, days: 7, now });
    expect(onlyA.entries.map((e) => [e.at, e.slotChannelIds, e.posts.map((p) => p.id)])).toEqual([
      ["2030-12-02T08:15:00.000Z", [channelA], [atSlot.id, review.id]],
    ]);
  });

  it("answers over HTTP with the default 14 days, and 400/404 for bad input", async () => {
    await db.postingSlot.create({ data: { workspaceId, channelId: channelA, dayOfWeek: 3, minuteOfDay: 600 } });
    const res = await view("");
    expect(res.status).toBe(200);
    expect(Date.parse(res.json.to) - Date.parse(res.json.from)).toBe(14 * 86_400_000);
    expect(res.json.entries).toHaveLength(2); // two Wednesdays in any 14 days
    for (const e of res.json.entries) expect(e.atLocal).toMatch(/T10:00:00\+01:00$/);
    expect((await view("?days=56")).json.entries).toHaveLength(8);
    for (const bad of ["?days=0", "?days=57", "?days=x", "?other=1"]) expect((await view(bad)).status, bad).toBe(400);
    const other = await createWorkspace();
    const theirs = await createTestChannel(db, { workspaceId: other.workspace.id });
    expect((await view(`?channelId=${theirs.id}`)).status).toBe(404);
    expect((await view(`?channelId=${channelA}`, other.token)).status).toBe(404);
    // Their own posts never show in ours.
    const theirPost = await createTestPost(db, { workspaceId: other.workspace.id, channelIds: [theirs.id] });
    await db.post.update({
      where: { id: theirPost.id },
      data: { status: "SCHEDULED", scheduledAt: new Date(Date.now() + 86_400_000) },
    });
    const ours = await view("");
    expect(ours.json.entries.flatMap((e: { posts: { id: string }[] }) => e.posts.map((p) => p.id))).not.toContain(
      theirPost.id,
    );
  });
});
