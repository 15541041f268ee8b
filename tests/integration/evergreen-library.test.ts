import { beforeEach, describe, expect, it } from "vitest";
import * as libraryRoute from "@/app/api/scheduling/evergreen/route";
import { schedulePost } from "@/lib/scheduling/schedule-post";
import { evergreenLibraryResponseSchema } from "@/lib/schemas/evergreen";
import { callRoute, isolateAppSingletons } from "@/tests/helpers/call-route";
import { createTestChannel, createTestPost } from "@/tests/helpers/factories";
import { setupTestWorkspaces } from "@/tests/helpers/test-workspaces";

const own = isolateAppSingletons();
const { db, createWorkspace } = setupTestWorkspaces({ app: own, obliterateQueue: true });
const DAY = 86_400_000;
let token: string, workspaceId: string, channelId: string;

beforeEach(async () => {
  ({ token, workspaceId, channelId } = await createWorkspace({ timezone: "Europe/Berlin" }, [{ displayName: "Sky" }]));
});

async function evergreen(
  { lastDays, count = 1, tags = ["evergreen"], inWorkspace = workspaceId, channels = [channelId] } = {} as {
    lastDays?: number;
    count?: number;
    tags?: string[];
    inWorkspace?: string;
    channels?: string[];
  },
) {
  const post = await createTestPost(db, { workspaceId: inWorkspace, channelIds: channels, tags });
  if (lastDays === undefined) return post;
  return db.post.update({
    where: { id: post.id },
    data: { status: "PUBLISHED", publishCount: count, lastPublishedAt: new Date(Date.now() - lastDays * DAY) },
  });
}
const list = (query = "", as = token) =>
  callRoute(libraryRoute.GET, { path: `/api/scheduling/evergreen${query}`, token: as });

describe("GET /api/scheduling/evergreen", () => {
  it("lists the library by priority with publish history, next time (UTC and local) and skip reason", async () => {
    const never = await evergreen();
    const rested = await evergreen({ lastDays: 90, count: 4 });
    const recent = await evergreen({ lastDays: 3, count: 1 });
    const scheduled = await evergreen({ lastDays: 30, count: 2 });
    await schedulePost({
      db,
      queue: own.queue(),
      workspaceId,
      postId: scheduled.id,
      scheduledAt: "2030-07-02T09:00",
    });
    await evergreen({ tags: ["launch"] });

    const res = await list();
    expect(res.status).toBe(200);
    const body = evergreenLibraryResponseSchema.parse(res.json);
    expect(body.minIntervalDays).toBe(7);
    expect(body.posts.map((p) => p.id)).toEqual([never.id, rested.id, scheduled.id, recent.id]);
    const [first, second, third, fourth] = body.posts;
    expect(first).toMatchObject({ publishCount: 0, lastPublishedAt: null, nextScheduledAt: null, skipReason: null });
    expect(first?.priority).toBeGreaterThanOrEqual(10_000);
    expect(second).toMatchObject({ publishCount: 4, status: "PUBLISHED", skipReason: null });
    expect(second?.priority).toBeCloseTo(90 / (1 + Math.log(5)), 2);
    expect(second?.lastPublishedAt).toBe(rested.lastPublishedAt?.toISOString());
    expect(third).toMatchObject({
      status: "SCHEDULED",
      nextScheduledAt: "2030-07-02T07:00:00.000Z",
      nextScheduledAtLocal: "2030-07-02T09:00:00+02:00",
      skipReason: "scheduled",
      channels: [{ id: channelId, platform: "SANDBOX", displayName: "Sky", active: true }],
    });
    expect(fourth).toMatchObject({ skipReason: "published_recently", publishCount: 1 });

    // Local times in another zone on request.
    const ny = await list("?timezone=America/New_York");
    const again = evergreenLibraryResponseSchema.parse(ny.json);
    expect(again.posts.find((p) => p.id === scheduled.id)?.nextScheduledAtLocal).toBe("2030-07-02T03:00:00-04:00");
  });

  it("filters by platform", async () => {
    const hook = { url: "https://example.test/hook" };
    const box = await createTestChannel(db, { workspaceId, platform: "WEBHOOK", displayName: "Box", config: hook });
    const sky = await evergreen();
    const both = await evergreen({ channels: [channelId, box.id] });
    const res = await list("?platform=WEBHOOK");
    expect(res.status).toBe(200);
    expect(res.json.posts.map((p: { id: string }) => p.id)).toEqual([both.id]);
    expect((await list("?platform=SANDBOX")).json.posts.map((p: { id: string }) => p.id).sort()).toEqual(
      [sky.id, both.id].sort(),
    );
  });

  it("shows only the caller's workspace", async () => {
    const other = await createWorkspace();
    const otherChannel = await createTestChannel(db, { workspaceId: other.workspace.id });
    await evergreen({ inWorkspace: other.workspace.id, channels: [otherChannel.id] });
    const mine = await evergreen();
    const res = await list();
    expect(res.json.posts.map((p: { id: string }) => p.id)).toEqual([mine.id]);
  });

  it("answers 401 without a valid token and 400 naming bad query fields", async () => {
    expect((await callRoute(libraryRoute.GET, { path: "/api/scheduling/evergreen" })).status).toBe(401);
    expect((await list("", "cad_nope")).status).toBe(401);
    for (const [query, field] of [
      ["?platform=MYSPACE", "platform"],
      ["?timezone=Mars/Olympus", "timezone"],
      ["?sort=asc", "(root)"],
    ] as const) {
      const res = await list(query);
      expect(res.status, query).toBe(400);
      expect(res.json.error.code).toBe("invalid_request");
      expect(res.json.error.details.map((d: { path: string }) => d.path)).toContain(field);
    }
  });
});
