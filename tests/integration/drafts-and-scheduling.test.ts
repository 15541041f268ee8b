import { randomUUID } from "node:crypto";
import { beforeEach, describe, expect, it } from "vitest";
import * as postRoute from "@/app/api/posts/[id]/route";
import * as postsRoute from "@/app/api/posts/route";
import * as scheduleRoute from "@/app/api/scheduling/posts/[id]/schedule/route";
import { createRedis } from "@/lib/db/redis";
import { createPost } from "@/lib/posts/create-post";
import { createPublishQueue, publishJobId } from "@/lib/queue/publish-queue";
import { callRoute, isolateAppSingletons } from "@/tests/helpers/call-route";
import { createTestChannel } from "@/tests/helpers/factories";
import { setupTestWorkspaces } from "@/tests/helpers/test-workspaces";

// Issue 8 part 3: drafts are scratch pads (stored whatever they hold, with per-channel fit), platform rules apply
// when scheduling (422 naming each channel and rule), and a refused first "Schedule" writes nothing.

const own = isolateAppSingletons();
const { db, createWorkspace } = setupTestWorkspaces({ app: own, obliterateQueue: true });
let token: string;
let workspaceId: string;
let sky: { id: string };
let x: { id: string };
/** A channel that can publish (SANDBOX): Bluesky and X above are there for their platform rules. */
let box: { id: string };

beforeEach(async () => {
  const created = await createWorkspace({ timezone: "Europe/Berlin" });
  token = created.token;
  workspaceId = created.workspace.id;
  sky = await createTestChannel(db, { workspaceId, platform: "BLUESKY", displayName: "Sky" });
  x = await createTestChannel(db, { workspaceId, platform: "TWITTER", displayName: "Bird" });
  box = await createTestChannel(db, { workspaceId, platform: "SANDBOX", displayName: "Box" });
});

const create = (body: unknown) => callRoute(postsRoute.POST, { method: "POST", path: "/api/posts", token, body });
const schedule = (postId: string, body: unknown) =>
  callRoute(scheduleRoute.POST, {
    method: "POST",
    path: "/api/scheduling/posts/id/schedule",
    token,
    params: { id: postId },
    body,
  });
/** Everything a refused request must leave as it was: posts, their channel links, queued jobs. */
const written = async () => ({
  posts: await db.post.count({ where: { workspaceId } }),
  links: await db.postChannel.count({ where: { post: { workspaceId } } }),
  jobs: (await own.queue().getJobs(["delayed", "waiting", "prioritized", "active"])).map((j) => j.id).sort(),
});
const TOO_LONG_FOR_X = `${"a".repeat(260)} example.com`; // 284 weighted: over X's 280, fine for Bluesky's 300

describe("drafts are scratch pads", () => {
  it("saves a draft too long for X and says it does not fit X yet; scheduling it is 422 naming channel and rule", async () => {
    const draft = await create({ content: TOO_LONG_FOR_X, channelIds: [sky.id, x.id] });
    expect(draft.status).toBe(201);
    expect(draft.json.fit).toEqual([
      {
        channelId: x.id,
        platform: "TWITTER",
        displayName: "Bird",
        ok: false,
        problems: [
          {
            rule: "text.length",
            field: "content",
            message: "X (Twitter) allows 280 weighted characters; this post has 284 (4 too many)",
          },
        ],
      },
      { channelId: sky.id, platform: "BLUESKY", displayName: "Sky", ok: true, problems: [] },
    ]);

    const before = await db.post.findUniqueOrThrow({ where: { id: draft.json.id } });
    const refused = await schedule(draft.json.id, { scheduledAt: "2030-07-01T09:30" });
    expect(refused.status).toBe(422);
    expect(refused.json.error.code).toBe("unprocessable");
    expect(refused.json.error.message).toBe(
      "Content does not fit Bird: X (Twitter) allows 280 weighted characters; this post has 284 (4 too many)",
    );
    expect(refused.json.error.details).toEqual([
      {
        path: "content",
        channelId: x.id,
        platform: "TWITTER",
        rule: "text.length",
        message: "Bird: X (Twitter) allows 280 weighted characters; this post has 284 (4 too many)",
      },
    ]);
    expect(await db.post.findUniqueOrThrow({ where: { id: draft.json.id } })).toEqual(before);
    expect((await written()).jobs).toEqual([]);
  });

  it("names every channel and every rule a schedule breaks", async () => {
    const gram = await createTestChannel(db, { workspaceId, platform: "INSTAGRAM", displayName: "Gram" });
    const images = Array.from({ length: 5 }, (_, i) => `https://cdn.example.com/${i}.png`);
    const draft = await create({ content: TOO_LONG_FOR_X, channelIds: [x.id, gram.id, sky.id] });
    expect(draft.status).toBe(201);
    // URLs stored on the post itself, as posts saved before URL import hold them (new mediaUrls become library
    // items: tests/integration/media-url-import.test.ts).
    await db.post.update({ where: { id: draft.json.id }, data: { mediaUrls: images } });
    const refused = await schedule(draft.json.id, { scheduledAt: "2030-07-01T09:30" });
    expect(refused.status).toBe(422);
    expect(
      refused.json.error.details.map((d: { channelId: string; rule: string; path: string }) => [
        d.channelId,
        d.rule,
        d.path,
      ]),
    ).toEqual([
      [x.id, "text.length", "content"],
      [x.id, "media.max", "mediaUrls"],
      [sky.id, "media.max", "mediaUrls"],
    ]);
  });

  it("saves an Instagram draft without media; with media it fits and schedules", async () => {
    const gram = await createTestChannel(db, { workspaceId, platform: "INSTAGRAM", displayName: "Gram" });
    const draft = await create({ content: "caption first", channelIds: [gram.id] });
    expect(draft.status).toBe(201);
    expect(draft.json.fit[0]).toMatchObject({ ok: false, problems: [{ rule: "media.required", field: "mediaUrls" }] });
    const refused = await schedule(draft.json.id, { scheduledAt: "2030-07-01T09:30" });
    expect(refused.status).toBe(422);
    expect(refused.json.error.details[0]).toMatchObject({ path: "mediaUrls", rule: "media.required" });
    await db.post.update({ where: { id: draft.json.id }, data: { mediaUrls: ["https://cdn.example.com/a.jpg"] } });
    const fits = await callRoute(postRoute.GET, { path: "/api/posts/id", token, params: { id: draft.json.id } });
    expect(fits.json.fit).toMatchObject([{ ok: true, problems: [] }]);
    // Instagram has an adapter (lib/publishing/networks/instagram): the post is scheduled.
    const scheduled = await schedule(draft.json.id, { scheduledAt: "2030-07-01T09:30" });
    expect(scheduled.status).toBe(200);
  });

  it("the drafts list (GET /api/posts) carries each draft's fit", async () => {
    await create({ content: TOO_LONG_FOR_X, channelIds: [x.id] });
    const list = await callRoute(postsRoute.GET, { path: "/api/posts?status=DRAFT", token });
    expect(list.json.posts.map((p: { fit: { ok: boolean }[] }) => p.fit.map((f) => f.ok))).toEqual([[false]]);
  });
});

describe("POST /api/posts with scheduledAt: create and schedule in one step", () => {
  it("creates the post SCHEDULED at version 1 with its delayed job", async () => {
    const res = await create({
      content: "Launch day",
      channelIds: [box.id],
      scheduledAt: "2030-07-01T09:30",
      timezone: "America/New_York",
    });
    expect(res.status).toBe(201);
    expect(res.json).toMatchObject({
      status: "SCHEDULED",
      version: 1,
      scheduledAt: "2030-07-01T13:30:00.000Z",
      scheduledAtLocal: "2030-07-01T09:30:00-04:00",
      timezone: "America/New_York",
      fit: [{ channelId: box.id, ok: true }],
    });
    expect(await db.post.findUniqueOrThrow({ where: { id: res.json.id } })).toMatchObject({
      status: "SCHEDULED",
      version: 1,
    });
    const job = await own.queue().getJob(publishJobId(res.json.id, 1));
    expect(job?.data).toEqual({ postId: res.json.id, workspaceId, version: 1 });
    expect(await job?.isDelayed()).toBe(true);
  });

  it.each([
    [
      "content that does not fit a channel",
      { content: TOO_LONG_FOR_X, scheduledAt: "2030-07-01T09:30" },
      422,
      "content",
    ],
    ["a past time", { content: "hi", scheduledAt: "2020-01-01T10:00:00Z" }, 422, "scheduledAt"],
    ["a DST gap", { content: "hi", scheduledAt: "2030-03-31T02:30" }, 422, "scheduledAt"],
    ["a malformed time", { content: "hi", scheduledAt: "next tuesday" }, 400, "scheduledAt"],
    ["an unknown zone", { content: "hi", scheduledAt: "2030-07-01T09:30", timezone: "Mars/Olympus" }, 400, "timezone"],
  ])("refused for %s: 4xx naming the field, nothing is written", async (_, body, status, field) => {
    const before = await written();
    const res = await create({ ...body, channelIds: [sky.id, x.id] });
    expect(res.status).toBe(status);
    expect(res.json.error.details.map((d: { path: string }) => d.path)).toContain(field);
    expect(await written()).toEqual(before);
  });

  it("refused with no active channel: nothing is written", async () => {
    await db.channel.update({ where: { id: sky.id }, data: { active: false } });
    const before = await written();
    const res = await create({ content: "hi", channelIds: [sky.id], scheduledAt: "2030-07-01T09:30" });
    expect(res.status).toBe(422);
    expect(res.json.error.details[0].path).toBe("channelIds");
    expect(await written()).toEqual(before);
  });

  it("Redis down: 503, and no post is left behind", async () => {
    const dead = createRedis("producer", "redis://127.0.0.1:1");
    dead.on("error", () => undefined);
    const queue = createPublishQueue(dead, `test-${randomUUID()}`);
    queue.on("error", () => undefined);
    try {
      const before = await written();
      const attempt = createPost({
        db,
        getQueue: () => queue,
        workspaceId,
        input: { content: "hi", mediaUrls: [], tags: [], channelIds: [box.id], scheduledAt: "2030-07-01T09:30" },
      });
      await expect(attempt).rejects.toMatchObject({ code: "unavailable", status: 503 });
      expect(await written()).toEqual(before);
    } finally {
      dead.disconnect();
      await queue.close().catch(() => undefined);
    }
  });
});
