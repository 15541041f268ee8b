import { beforeAll, beforeEach, describe, expect, it } from "vitest";
import * as mediaItemRoute from "@/app/api/media/[id]/route";
import * as postRoute from "@/app/api/posts/[id]/route";
import * as postsRoute from "@/app/api/posts/route";
import { createPost as createPostDirect } from "@/lib/posts/create-post";
import { updatePost as updatePostDirect } from "@/lib/posts/update-post";
import { callRoute, isolateAppSingletons } from "@/tests/helpers/call-route";
import { createTestChannel } from "@/tests/helpers/factories";
import { setupTestWorkspaces } from "@/tests/helpers/test-workspaces";
import { makeGpsJpeg, makeMp4, makePng, uploadMedia } from "@/tests/helpers/upload-media";

const app = isolateAppSingletons();
const { db, createWorkspace } = setupTestWorkspaces({
  app,
  mediaFiles: true,
});
let token: string;
let workspaceId: string;
let mp4: Buffer;

beforeAll(() => {
  mp4 = makeMp4(1);
});
beforeEach(async () => {
  const created = await createWorkspace();
  token = created.token;
  workspaceId = created.workspace.id;
});

const createPost = (body: unknown, auth = token) =>
  callRoute(postsRoute.POST, { method: "POST", path: "/api/posts", token: auth, body });
const patchPost = (id: string, body: unknown) =>
  callRoute(postRoute.PATCH, { method: "PATCH", path: `/api/posts/${id}`, token, body, params: { id } });
const storedMedia = (postId: string) =>
  db.postMedia.findMany({ where: { postId }, orderBy: { position: "asc" }, select: { mediaId: true, altText: true } });

describe("posts with library media", () => {
  it("stores media in the order given, with alt text, and returns them with their metadata", async () => {
    const wide = await uploadMedia(token, await makePng(120, 60), "wide.png");
    const clip = await uploadMedia(token, mp4, "clip.mp4");
    const res = await createPost({
      content: "Look",
      media: [{ id: clip.id }, { id: wide.id, altText: "A blue band" }],
    });
    expect(res.status).toBe(201);
    expect(res.json.media).toEqual([
      {
        id: clip.id,
        name: "clip.mp4",
        kind: "VIDEO",
        mimeType: "video/mp4",
        width: 320,
        height: 240,
        durationMs: clip.durationMs,
        bytes: clip.bytes,
        altText: null,
        thumbnailUrl: `/api/media/${clip.id}/thumbnail`,
        sourceUrl: null,
      },
      {
        id: wide.id,
        name: "wide.png",
        kind: "IMAGE",
        mimeType: "image/png",
        width: 120,
        height: 60,
        durationMs: null,
        bytes: wide.bytes,
        altText: "A blue band",
        thumbnailUrl: `/api/media/${wide.id}/thumbnail`,
        sourceUrl: null,
      },
    ]);
    expect(clip.durationMs).toBeGreaterThanOrEqual(900);
    expect(await storedMedia(res.json.id)).toEqual([
      { mediaId: clip.id, altText: null },
      { mediaId: wide.id, altText: "A blue band" },
    ]);
    const got = await callRoute(postRoute.GET, {
      path: `/api/posts/${res.json.id}`,
      token,
      params: { id: res.json.id },
    });
    expect(got.json.media.map((m: { id: string }) => m.id)).toEqual([clip.id, wide.id]);
    const list = await callRoute(postsRoute.GET, { path: "/api/posts", token });
    expect(list.json.posts[0].media.map((m: { id: string }) => m.id)).toEqual([clip.id, wide.id]);
  });

  it("PATCH replaces the list (reordered, alt text changed, one dropped) and [] empties it", async () => {
    const a = await uploadMedia(token, await makePng(10, 10, "#ff0000"), "a.png");
    const b = await uploadMedia(token, await makePng(10, 10, "#00ff00"), "b.png");
    const c = await uploadMedia(token, await makePng(10, 10, "#0000ff"), "c.png");
    const post = await createPost({ content: "x", media: [{ id: a.id }, { id: b.id }, { id: c.id }] });
    const res = await patchPost(post.json.id, { media: [{ id: c.id, altText: "blue" }, { id: a.id }] });
    expect(res.status).toBe(200);
    expect(res.json.media.map((m: { id: string; altText: string | null }) => [m.id, m.altText])).toEqual([
      [c.id, "blue"],
      [a.id, null],
    ]);
    expect(await storedMedia(post.json.id)).toEqual([
      { mediaId: c.id, altText: "blue" },
      { mediaId: a.id, altText: null },
    ]);
    // Editing only the text keeps the media.
    expect((await patchPost(post.json.id, { content: "y" })).json.media).toHaveLength(2);
    expect((await patchPost(post.json.id, { media: [] })).json.media).toEqual([]);
    expect(await db.mediaItem.count({ where: { workspaceId } })).toBe(3);
  });

  it("refuses another workspace's media id with 422 naming media.N.id, writing nothing", async () => {
    const mine = await uploadMedia(token, await makePng(), "mine.png");
    const other = await createWorkspace();
    const theirs = await uploadMedia(other.token, await makePng(), "theirs.png");
    const before = await db.post.count({ where: { workspaceId } });
    for (const body of [
      { content: "x", media: [{ id: mine.id }, { id: theirs.id }] },
      { content: "x", media: [{ id: mine.id }, { id: theirs.id }], scheduledAt: "2099-01-01T10:00:00Z" },
      { content: "x", media: [{ id: "nope" }] },
    ]) {
      const res = await createPost(body);
      expect(res.status).toBe(422);
      expect(res.json.error.code).toBe("unprocessable");
      expect(res.json.error.details[0].path).toBe(body.media.length === 2 ? "media.1.id" : "media.0.id");
    }
    expect(await db.post.count({ where: { workspaceId } })).toBe(before);

    const post = await createPost({ content: "x", media: [{ id: mine.id }] });
    const res = await patchPost(post.json.id, { content: "changed", media: [{ id: theirs.id }] });
    expect(res.status).toBe(422);
    expect(res.json.error.details).toEqual([{ path: "media.0.id", message: expect.stringContaining(theirs.id) }]);
    const stored = await db.post.findUniqueOrThrow({ where: { id: post.json.id } });
    expect(stored.content).toBe("x");
    expect(await storedMedia(post.json.id)).toEqual([{ mediaId: mine.id, altText: null }]);
  });

  it("refuses a repeated id, more than 20 items and alt text over 1,500 characters with 400 naming the field", async () => {
    const item = await uploadMedia(token, await makePng(), "p.png");
    const cases: [unknown, string][] = [
      [[{ id: item.id }, { id: item.id }], "media.1.id"],
      [Array.from({ length: 21 }, (_, i) => ({ id: `m${i}` })), "media"],
      [[{ id: item.id, altText: "é".repeat(1501) }], "media.0.altText"],
      [[{ id: item.id, alt: "x" }], "media.0"],
    ];
    for (const [media, field] of cases) {
      const res = await createPost({ content: "x", media });
      expect(res.status).toBe(400);
      expect(res.json.error.details.map((d: { path: string }) => d.path)).toContain(field);
    }
    // Exactly 1,500 characters (emoji are one character each, two UTF-16 units) is accepted.
    const ok = await createPost({ content: "x", media: [{ id: item.id, altText: "🎉".repeat(1500) }] });
    expect(ok.status).toBe(201);
    expect(await db.post.count({ where: { workspaceId } })).toBe(1);
  });

  it("takes mediaIds as the same ordered list without alt text, on create and on edit", async () => {
    const a = await uploadMedia(token, await makePng(40, 40), "a.png");
    const b = await uploadMedia(token, await makePng(60, 30), "b.png");
    const created = await createPost({ content: "ids", mediaIds: [b.id, a.id] });
    expect(created.status).toBe(201);
    expect(await storedMedia(created.json.id)).toEqual([
      { mediaId: b.id, altText: null },
      { mediaId: a.id, altText: null },
    ]);
    const edited = await patchPost(created.json.id, { mediaIds: [a.id] });
    expect(edited.status).toBe(200);
    expect(edited.json.media.map((m: { id: string }) => m.id)).toEqual([a.id]);

    // Both lists at once, a repeat or more than 20: 400 naming mediaIds, nothing written.
    const cases: [unknown, string][] = [
      [{ media: [{ id: a.id }], mediaIds: [b.id] }, "mediaIds"],
      [{ mediaIds: [a.id, a.id] }, "mediaIds.1"],
      [{ mediaIds: Array.from({ length: 21 }, (_, i) => `m${i}`) }, "mediaIds"],
    ];
    for (const [body, field] of cases) {
      const res = await createPost({ content: "x", ...(body as object) });
      expect(res.status).toBe(400);
      expect(res.json.error.details.map((d: { path: string }) => d.path)).toContain(field);
    }
    expect(await db.post.count({ where: { workspaceId } })).toBe(1);
  });

  it("creates and schedules with media in one step", async () => {
    const ch = await createTestChannel(db, { workspaceId, platform: "SANDBOX", displayName: "Box" });
    const item = await uploadMedia(token, await makePng(), "p.png");
    const res = await createPost({
      content: "x",
      channelIds: [ch.id],
      media: [{ id: item.id, altText: "alt" }],
      scheduledAt: "2099-01-01T10:00:00Z",
    });
    expect(res.status).toBe(201);
    expect(res.json.status).toBe("SCHEDULED");
    expect(res.json.media).toMatchObject([{ id: item.id, altText: "alt", kind: "IMAGE" }]);
    expect(await storedMedia(res.json.id)).toEqual([{ mediaId: item.id, altText: "alt" }]);
  });

  it("deleting a post keeps its media items; deleting an item removes it from drafts", async () => {
    const a = await uploadMedia(token, await makePng(), "a.png");
    const b = await uploadMedia(token, await makePng(8, 8), "b.png");
    const post = await createPost({ content: "x", media: [{ id: a.id }, { id: b.id }] });
    const del = await callRoute(mediaItemRoute.DELETE, {
      method: "DELETE",
      path: `/api/media/${b.id}`,
      token,
      params: { id: b.id },
    });
    expect(del.status).toBe(204);
    const got = await callRoute(postRoute.GET, {
      path: `/api/posts/${post.json.id}`,
      token,
      params: { id: post.json.id },
    });
    expect(got.json.media.map((m: { id: string }) => m.id)).toEqual([a.id]);
    const res = await callRoute(postRoute.DELETE, {
      method: "DELETE",
      path: `/api/posts/${post.json.id}`,
      token,
      params: { id: post.json.id },
    });
    expect(res.status).toBe(204);
    expect(await db.postMedia.count({ where: { postId: post.json.id } })).toBe(0);
    expect(await db.mediaItem.findUnique({ where: { id: a.id } })).not.toBeNull();
  });
});

describe("platform rules count library media by their real kind", () => {
  it("a video uploaded under an image's name is a video: X refuses it beside an image, at scheduling and in fit", async () => {
    const x = await createTestChannel(db, { workspaceId, platform: "TWITTER", displayName: "Bird" });
    const clip = await uploadMedia(token, mp4, "holiday.jpg");
    const photo = await uploadMedia(token, await makePng(), "photo.png");
    expect(clip.kind).toBe("VIDEO");
    const draft = await createPost({ content: "hi", channelIds: [x.id], media: [{ id: photo.id }, { id: clip.id }] });
    expect(draft.status).toBe(201);
    expect(draft.json.fit).toEqual([
      {
        channelId: x.id,
        platform: "TWITTER",
        displayName: "Bird",
        ok: false,
        problems: [
          {
            rule: "media.video-alone",
            field: "media",
            message: "X (Twitter) takes a video or GIF only on its own; this post has 2 media items",
          },
        ],
      },
    ]);
    const scheduleRoute = await import("@/app/api/scheduling/posts/[id]/schedule/route");
    const refused = await callRoute(scheduleRoute.POST, {
      method: "POST",
      path: `/api/scheduling/posts/${draft.json.id}/schedule`,
      token,
      body: { scheduledAt: "2099-01-01T10:00:00Z" },
      params: { id: draft.json.id },
    });
    expect(refused.status).toBe(422);
    expect(refused.json.error.details).toMatchObject([{ path: "media", rule: "media.video-alone", channelId: x.id }]);

    // The same in one step: refused, nothing written.
    const before = await db.post.count({ where: { workspaceId } });
    const direct = await createPost({
      content: "hi",
      channelIds: [x.id],
      media: [{ id: clip.id }, { id: photo.id }],
      scheduledAt: "2099-01-01T10:00:00Z",
    });
    expect(direct.status).toBe(422);
    expect(await db.post.count({ where: { workspaceId } })).toBe(before);

    // The video alone fits and schedules; on a scheduled post, adding the image is refused by the rule, and
    // nothing changes.
    const fixed = await patchPost(draft.json.id, { media: [{ id: clip.id }] });
    expect(fixed.json.fit[0].ok).toBe(true);
    const scheduled = await callRoute(scheduleRoute.POST, {
      method: "POST",
      path: `/api/scheduling/posts/${draft.json.id}/schedule`,
      token,
      body: { scheduledAt: "2099-01-01T10:00:00Z" },
      params: { id: draft.json.id },
    });
    expect(scheduled.status).toBe(200);
    await db.post.update({
      where: { id: draft.json.id },
      data: { status: "SCHEDULED", version: 1, scheduledAt: new Date("2099-01-01T10:00:00Z") },
    });
    const edit = await patchPost(draft.json.id, { media: [{ id: clip.id }, { id: photo.id }] });
    expect(edit.status).toBe(422);
    expect(edit.json.error.details).toMatchObject([{ path: "media", rule: "media.video-alone" }]);
    expect(await storedMedia(draft.json.id)).toEqual([{ mediaId: clip.id, altText: null }]);
  });

  it("a library image satisfies Instagram's media requirement", async () => {
    const ig = await createTestChannel(db, { workspaceId, platform: "INSTAGRAM", displayName: "Gram" });
    const photo = await uploadMedia(token, await makeGpsJpeg({ width: 640, height: 480 }), "photo.jpg");
    const bare = await createPost({ content: "hi", channelIds: [ig.id] });
    expect(bare.json.fit[0].problems.map((p: { rule: string }) => p.rule)).toEqual(["media.required"]);
    const withPhoto = await createPost({ content: "hi", channelIds: [ig.id], media: [{ id: photo.id }] });
    expect(withPhoto.json.fit[0]).toMatchObject({ ok: true, problems: [] });
    // A PNG fits too: Instagram takes JPEG only, and a JPEG copy is sent. A tall photo is refused, by its place.
    const png = await uploadMedia(token, await makePng(), "photo.png");
    const withPng = await createPost({ content: "hi", channelIds: [ig.id], media: [{ id: photo.id }, { id: png.id }] });
    expect(withPng.json.fit[0]).toMatchObject({ ok: true, problems: [] });
    const tall = await uploadMedia(token, await makeGpsJpeg({ width: 640, height: 1200 }), "tall.jpg");
    const withTall = await createPost({
      content: "hi",
      channelIds: [ig.id],
      media: [{ id: photo.id }, { id: tall.id }],
    });
    const refusal = "Instagram takes images with an aspect ratio between 4:5 and 1.91:1; item 2 is 8:15 (640×1200)";
    expect(withTall.json.fit[0].problems).toEqual([
      { rule: "media.aspect", field: "media", item: 1, message: refusal },
    ]);
    // Scheduling it is refused, the 422 naming the item's place in `media` (0-based).
    const scheduled = await createPost({
      content: "hi",
      channelIds: [ig.id],
      media: [{ id: photo.id }, { id: tall.id }],
      scheduledAt: "2099-01-01T10:00:00Z",
    });
    expect(scheduled.status).toBe(422);
    expect(scheduled.json.error.details).toEqual([
      { path: "media.1", channelId: ig.id, platform: "INSTAGRAM", rule: "media.aspect", message: `Gram: ${refusal}` },
    ]);
    expect(await db.post.count({ where: { workspaceId, content: "hi", scheduledAt: { not: null } } })).toBe(0);
  });
});

describe("a media item deleted while the post is saved", () => {
  // The race made deterministic: the item is deleted right after loadPostMedia has found it, before the insert.
  const racingDb = () =>
    db.$extends({
      query: {
        mediaItem: {
          async findMany({ args, query }) {
            const found = await query(args);
            await db.mediaItem.deleteMany({ where: { id: { in: found.map((m) => m.id as string) } } });
            return found;
          },
        },
      },
    }) as unknown as typeof db;

  it("is 422 naming media, with nothing written, for a draft, a create-and-schedule and an edit", async () => {
    const ch = await createTestChannel(db, { workspaceId, platform: "SANDBOX", displayName: "Box" });
    const before = await db.post.count({ where: { workspaceId } });
    for (const scheduledAt of [undefined, "2099-01-01T10:00:00Z"]) {
      const item = await uploadMedia(token, await makePng(), "p.png");
      const err = await createPostDirect({
        db: racingDb(),
        getQueue: app.queue,
        workspaceId,
        input: { content: "x", mediaUrls: [], tags: [], channelIds: [ch.id], media: [{ id: item.id }], scheduledAt },
      }).catch((e: unknown) => e);
      expect(err).toMatchObject({ code: "unprocessable", details: [{ path: "media" }] });
    }
    expect(await db.post.count({ where: { workspaceId } })).toBe(before);

    const item = await uploadMedia(token, await makePng(), "p.png");
    const post = await createPost({ content: "x" });
    const err = await updatePostDirect({
      db: racingDb(),
      workspaceId,
      postId: post.json.id,
      input: { content: "changed", media: [{ id: item.id }] },
    }).catch((e: unknown) => e);
    expect(err).toMatchObject({ code: "unprocessable", details: [{ path: "media" }] });
    expect((await db.post.findUniqueOrThrow({ where: { id: post.json.id } })).content).toBe("x");
  });
});
