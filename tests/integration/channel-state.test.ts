import { randomUUID } from "node:crypto";
import sharp from "sharp";
import { beforeEach, describe, expect, it } from "vitest";
import * as channelRoute from "@/app/api/channels/[id]/route";
import * as channelsRoute from "@/app/api/channels/route";
import * as postRoute from "@/app/api/posts/[id]/route";
import * as postsRoute from "@/app/api/posts/route";
import * as scheduleRoute from "@/app/api/scheduling/posts/[id]/schedule/route";
import { CHANNEL_PALETTE } from "@/lib/channels/channel-palette";
import { markChannelConnected } from "@/lib/channels/mark-channel-connected";
import { markChannelNeedsReconnect } from "@/lib/channels/mark-channel-needs-reconnect";
import type { Platform, ResultStatus } from "@/lib/generated/prisma/enums";
import { platformAvailability } from "@/lib/publishing/networks/platform-availability";
import { callRoute, isolateAppSingletons } from "@/tests/helpers/call-route";
import { createTestChannel, createTestPost } from "@/tests/helpers/factories";
import { setupTestWorkspaces } from "@/tests/helpers/test-workspaces";
import { uploadMedia } from "@/tests/helpers/upload-media";

const own = isolateAppSingletons();
const { db, createWorkspace } = setupTestWorkspaces({ app: own, obliterateQueue: true });
let token: string;
let workspaceId: string;

beforeEach(async () => {
  const created = await createWorkspace();
  token = created.token;
  workspaceId = created.workspace.id;
});

const list = async (as = token) =>
  (await callRoute(channelsRoute.GET, { path: "/api/channels", token: as })).json.channels as Record<string, unknown>[];
const patch = (id: string, body: unknown, as = token) =>
  callRoute(channelRoute.PATCH, { method: "PATCH", path: "/api/channels/id", token: as, params: { id }, body });
const schedule = (postId: string) =>
  callRoute(scheduleRoute.POST, {
    method: "POST",
    path: "/api/scheduling/posts/id/schedule",
    token,
    params: { id: postId },
    body: { scheduledAt: new Date(Date.now() + 3_600_000).toISOString() },
  });

/** A finished publication of a fresh post on `channelId` whose one result has `status`, published at `at`. */
async function published(channelId: string, platform: Platform, status: ResultStatus, at: Date) {
  const post = await createTestPost(db, { workspaceId, channelIds: [channelId] });
  await db.publication.create({
    data: {
      workspaceId,
      postId: post.id,
      postVersion: 1,
      status: status === "SUCCEEDED" ? "SUCCEEDED" : "FAILED",
      scheduledAt: at,
      startedAt: at,
      finishedAt: at,
      results: {
        create: [{ channelId, platform, status, idempotencyKey: randomUUID(), publishedAt: at, attempts: 1 }],
      },
    },
  });
}

describe("platformAvailability", () => {
  it("WEBHOOK and SANDBOX publish today; the commercial networks are coming, not connectable", () => {
    expect(platformAvailability("WEBHOOK")).toEqual({ canPublish: true, connect: "form", comingLater: false });
    expect(platformAvailability("SANDBOX")).toEqual({ canPublish: true, connect: "form", comingLater: false });
    expect(platformAvailability("BLUESKY")).toMatchObject({ connect: "form", comingLater: false });
    expect(platformAvailability("MASTODON")).toMatchObject({ connect: "oauth", comingLater: false });
    expect(platformAvailability("THREADS")).toEqual({ canPublish: true, connect: "oauth", comingLater: false });
    expect(platformAvailability("LINKEDIN")).toEqual({ canPublish: true, connect: "oauth", comingLater: false });
    expect(platformAvailability("FACEBOOK")).toEqual({ canPublish: true, connect: "oauth", comingLater: false });
    expect(platformAvailability("TWITTER")).toEqual({ canPublish: true, connect: "oauth", comingLater: false });
    expect(platformAvailability("INSTAGRAM")).toEqual({ canPublish: true, connect: "oauth", comingLater: false });
    for (const p of ["TIKTOK"] as const) {
      expect(platformAvailability(p), p).toEqual({ canPublish: false, connect: null, comingLater: true });
    }
  });
});

describe("the channel answer", () => {
  it("says each channel's state, whether it can publish and why not, its colour and last publication", async () => {
    const box = await createTestChannel(db, { workspaceId, platform: "SANDBOX", displayName: "A box" });
    const x = await createTestChannel(db, { workspaceId, platform: "TIKTOK", displayName: "B TikTok main" });
    const off = await createTestChannel(db, { workspaceId, platform: "SANDBOX", displayName: "C off", active: false });
    const sky = await createTestChannel(db, { workspaceId, platform: "SANDBOX", displayName: "D sky" });
    await db.channel.update({
      where: { id: sky.id },
      data: { accountName: "@a.test", avatarUrl: "https://cdn.example.test/a.png", serverUrl: "https://pds.test" },
    });
    expect(await markChannelNeedsReconnect({ db, channelId: sky.id, reason: "the session was revoked" })).toBe(true);

    // Latest SUCCEEDED result counts; a later failure does not.
    const t1 = new Date("2030-01-01T10:00:00Z");
    const t2 = new Date("2030-01-02T10:00:00Z");
    await published(box.id, "SANDBOX", "SUCCEEDED", t1);
    await published(box.id, "SANDBOX", "SUCCEEDED", t2);
    await published(box.id, "SANDBOX", "FAILED", new Date("2030-01-03T10:00:00Z"));

    const channels = await list();
    expect(channels.map((c) => c.displayName)).toEqual(["A box", "B TikTok main", "C off", "D sky"]);
    expect(channels[0]).toMatchObject({
      state: "connected",
      stateReason: null,
      canPublish: true,
      cannotPublishReason: null,
      lastPublishedAt: t2.toISOString(),
    });
    expect(channels[1]).toMatchObject({
      id: x.id,
      state: "connected",
      canPublish: false,
      cannotPublishReason: "B TikTok main: TikTok can't be published to yet",
      lastPublishedAt: null,
    });
    expect(channels[2]).toMatchObject({
      id: off.id,
      state: "disabled",
      stateReason: "the channel is disabled",
      canPublish: false,
      cannotPublishReason: "C off: the channel is disabled",
    });
    expect(channels[3]).toMatchObject({
      state: "needs_reconnect",
      stateReason: "the session was revoked",
      canPublish: false,
      cannotPublishReason: "D sky needs reconnecting: the session was revoked",
      accountName: "@a.test",
      avatarUrl: "https://cdn.example.test/a.png",
      serverUrl: "https://pds.test",
    });
    expect(channels[3]?.needsReconnectAt).toEqual(expect.any(String));
    for (const c of channels) expect(c.color).toMatch(/^#[0-9a-f]{6}$/);

    // The one-channel answer agrees with the list.
    const one = await callRoute(channelRoute.GET, { path: "/api/channels/id", token, params: { id: box.id } });
    expect(one.json).toEqual(channels[0]);

    expect(await markChannelConnected({ db, channelId: sky.id })).toBe(true);
    expect((await list())[3]).toMatchObject({ state: "connected", stateReason: null, needsReconnectAt: null });
  });

  it("new channels take the workspace's next palette colour; PATCH changes colour and name, refuses a bad colour", async () => {
    const make = (displayName: string) =>
      callRoute(channelsRoute.POST, {
        method: "POST",
        path: "/api/channels",
        token,
        body: { platform: "SANDBOX", displayName },
      });
    const colours: string[] = [];
    for (let i = 0; i < 3; i++) colours.push((await make(`box ${i}`)).json.color);
    expect(colours).toEqual(CHANNEL_PALETTE.slice(0, 3));

    const id = (await make("renamed later")).json.id as string;
    const changed = await patch(id, { displayName: "Main box", color: "#A1B2C3" });
    expect(changed.status).toBe(200);
    expect(changed.json).toMatchObject({ displayName: "Main box", color: "#a1b2c3" });
    for (const color of ["red", "#abc", "#12345g", "", "#1234567"]) {
      const bad = await patch(id, { color });
      expect(bad.status, color).toBe(400);
      expect(bad.json.error.details).toEqual([expect.objectContaining({ path: "color" })]);
    }
    expect((await db.channel.findUniqueOrThrow({ where: { id } })).color).toBe("#a1b2c3");
  });

  it("another workspace's channel is 404 for reading and changing", async () => {
    const other = await createWorkspace();
    const theirs = await createTestChannel(db, { workspaceId: other.workspace.id, platform: "SANDBOX" });
    expect(
      (await callRoute(channelRoute.GET, { path: "/api/channels/id", token, params: { id: theirs.id } })).status,
    ).toBe(404);
    expect((await patch(theirs.id, { color: "#000000" })).status).toBe(404);
    expect((await db.channel.findUniqueOrThrow({ where: { id: theirs.id } })).color).not.toBe("#000000");
  });
});

/** A small JPEG in the workspace's library: TikTok needs media, and its content rule answers before the channel check. */
async function photo(): Promise<string> {
  const jpeg = await sharp({ create: { width: 64, height: 48, channels: 3, background: "#c33" } })
    .jpeg()
    .toBuffer();
  return (await uploadMedia(token, jpeg, "a.jpg")).id;
}

describe("scheduling refuses channels that cannot publish (422, one detail per channel)", () => {
  it("schedule: names each channel and why; drafts still take any channel", async () => {
    const box = await createTestChannel(db, { workspaceId, platform: "SANDBOX", displayName: "Box" });
    const tok = await createTestChannel(db, { workspaceId, platform: "TIKTOK", displayName: "Tok" });
    const sky = await createTestChannel(db, { workspaceId, platform: "SANDBOX", displayName: "Bluesky @a.test" });
    await markChannelNeedsReconnect({ db, channelId: sky.id, reason: "the session was revoked" });
    const off = await createTestChannel(db, { workspaceId, platform: "WEBHOOK", displayName: "Hook", active: false });

    const draft = await callRoute(postsRoute.POST, {
      method: "POST",
      path: "/api/posts",
      token,
      body: {
        content: "hello",
        channelIds: [box.id, tok.id, sky.id, off.id],
        media: [{ id: await photo() }],
      },
    });
    expect(draft.status).toBe(201);
    const before = await db.post.findUniqueOrThrow({ where: { id: draft.json.id } });

    const refused = await schedule(draft.json.id);
    expect(refused.status).toBe(422);
    expect(refused.json.error.code).toBe("unprocessable");
    const details = refused.json.error.details as { channelId: string; message: string; path: string }[];
    expect(Object.fromEntries(details.map((d) => [d.channelId, d.message]))).toEqual({
      [tok.id]: "Tok: TikTok can't be published to yet",
      [sky.id]: "Bluesky @a.test needs reconnecting: the session was revoked",
      [off.id]: "Hook: the channel is disabled",
    });
    expect(details.every((d) => d.path === "channelIds")).toBe(true);
    for (const d of details) expect(refused.json.error.message).toContain(d.message);
    expect(await db.post.findUniqueOrThrow({ where: { id: draft.json.id } })).toEqual(before);
    expect(await own.queue().getJobs(["delayed", "waiting"])).toEqual([]);

    // Without them, it schedules.
    const onlyBox = await callRoute(postRoute.PATCH, {
      method: "PATCH",
      path: "/api/posts/id",
      token,
      params: { id: draft.json.id },
      body: { channelIds: [box.id] },
    });
    expect(onlyBox.status).toBe(200);
    expect((await schedule(draft.json.id)).status).toBe(200);
  });

  it("create-and-schedule writes nothing; adding such a channel to a scheduled post is refused too", async () => {
    const photoId = await photo();
    const box = await createTestChannel(db, { workspaceId, platform: "SANDBOX", displayName: "Box" });
    const threads = await createTestChannel(db, { workspaceId, platform: "TIKTOK", displayName: "Thr" });
    const at = new Date(Date.now() + 3_600_000).toISOString();
    const create = (channelIds: string[]) =>
      callRoute(postsRoute.POST, {
        method: "POST",
        path: "/api/posts",
        token,
        body: { content: "hello", channelIds, scheduledAt: at, media: [{ id: photoId }] },
      });
    const refused = await create([box.id, threads.id]);
    expect(refused.status).toBe(422);
    expect(refused.json.error.details).toEqual(
      expect.arrayContaining([
        { path: "channelIds", channelId: threads.id, message: "Thr: TikTok can't be published to yet" },
      ]),
    );
    expect(await db.post.count({ where: { workspaceId } })).toBe(0);

    const ok = await create([box.id]);
    expect(ok.status).toBe(201);
    const x = await createTestChannel(db, { workspaceId, platform: "TIKTOK", displayName: "Company page" });
    const widened = await callRoute(postRoute.PATCH, {
      method: "PATCH",
      path: "/api/posts/id",
      token,
      params: { id: ok.json.id },
      body: { channelIds: [box.id, x.id] },
    });
    expect(widened.status).toBe(422);
    expect(widened.json.error.details).toEqual([
      { path: "channelIds", channelId: x.id, message: "Company page: TikTok can't be published to yet" },
    ]);
    const links = await db.postChannel.findMany({ where: { postId: ok.json.id } });
    expect(links.map((l) => l.channelId)).toEqual([box.id]);
  });
});
