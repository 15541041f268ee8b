import { beforeEach, describe, expect, it } from "vitest";
import * as duplicateRoute from "@/app/api/posts/[id]/duplicate/route";
import * as postRoute from "@/app/api/posts/[id]/route";
import type { MembershipRole } from "@/lib/generated/prisma/enums";
import { getMediaStorage } from "@/lib/media/storage/get-media-storage";
import { callRoute, isolateAppSingletons } from "@/tests/helpers/call-route";
import { createTestChannel, createTestPost } from "@/tests/helpers/factories";
import { SAME_ORIGIN, signInAs } from "@/tests/helpers/team";
import { setupTestWorkspaces } from "@/tests/helpers/test-workspaces";
import { makePng, uploadMedia } from "@/tests/helpers/upload-media";

// POST /api/posts/:id/duplicate (README "Composer": Duplicate / Edit as new) through the real handler on real
// PostgreSQL and the local media storage: a new DRAFT with the same content, channels, per-channel texts, tags and
// media, no time; into another workspace of the person's only with posts:write there, channels that are not there
// dropped and named, media copied into that library. Another workspace's post is 404.

const app = isolateAppSingletons();
const { db, createWorkspace, createUser } = setupTestWorkspaces({ app, mediaFiles: true });

let a: { id: string; token: string };
let b: { id: string; token: string };
let userId: string;

beforeEach(async () => {
  const wa = await createWorkspace({ name: "Brand A" });
  const wb = await createWorkspace({ name: "Brand B" });
  a = { id: wa.workspace.id, token: wa.token };
  b = { id: wb.workspace.id, token: wb.token };
  userId = (await createUser({ workspaceIds: [], name: "Dana" })).userId;
});

/** Dana's session in `workspaceId` with `role` (her membership elsewhere is unchanged). */
async function session(workspaceId: string, role: MembershipRole) {
  const { cookie } = await signInAs(db, { userId, workspaceId, role });
  return { cookie, ...SAME_ORIGIN };
}
const duplicate = (id: string, headers: Record<string, string>, body?: unknown) =>
  callRoute(duplicateRoute.POST, { method: "POST", path: `/api/posts/${id}/duplicate`, params: { id }, body, headers });
const postCount = (workspaceId: string) => db.post.count({ where: { workspaceId } });

/** A PUBLISHED post of workspace A on two channels (one with its own text), tagged, with two media items. */
async function publishedPost() {
  const mastodon = await createTestChannel(db, {
    workspaceId: a.id,
    platform: "MASTODON",
    displayName: "Brand A toot",
  });
  await db.channel.update({
    where: { id: mastodon.id },
    data: { accountName: "@brand@mastodon.social", serverUrl: "https://mastodon.social" },
  });
  const sandbox = await createTestChannel(db, { workspaceId: a.id, displayName: "Brand A sandbox" });
  const photo = await uploadMedia(a.token, await makePng(40, 30), "photo.png");
  const chart = await uploadMedia(a.token, await makePng(40, 30, "#aa0000"), "chart.png");
  const post = await createTestPost(db, {
    workspaceId: a.id,
    channelIds: [],
    content: "Spring sale starts Monday",
    tags: ["launch", "evergreen"],
    mediaUrls: ["https://example.com/legacy.jpg"],
  });
  await db.post.update({
    where: { id: post.id },
    data: {
      status: "PUBLISHED",
      scheduledAt: new Date("2026-03-02T09:00:00Z"),
      timezone: "Europe/Berlin",
      version: 3,
      publishCount: 1,
      channels: {
        create: [
          { channelId: mastodon.id, content: "Spring sale on Mastodon" },
          { channelId: sandbox.id, content: null },
        ],
      },
      media: {
        create: [
          { mediaId: chart.id, position: 0, altText: "A red chart" },
          { mediaId: photo.id, position: 1, altText: null },
        ],
      },
    },
  });
  return { post, mastodon, sandbox, photo, chart };
}

describe("POST /api/posts/:id/duplicate in the same workspace", () => {
  it("makes a DRAFT with the same content, channels, texts, tags and media in order, no time; the original stays", async () => {
    const { post, mastodon, sandbox, photo, chart } = await publishedPost();
    const headers = await session(a.id, "EDITOR");
    const res = await duplicate(post.id, headers);
    expect(res.status).toBe(201);
    const copy = res.json.post;
    expect(copy.id).not.toBe(post.id);
    expect(copy).toMatchObject({
      status: "DRAFT",
      scheduledAt: null,
      timezone: null,
      content: "Spring sale starts Monday",
      tags: ["launch", "evergreen"],
      mediaUrls: ["https://example.com/legacy.jpg"],
      createdByUserId: userId,
      publishCount: 0,
      version: 0,
      latestPublication: null,
    });
    expect(copy.channels.map((c: { id: string; content: string | null }) => [c.id, c.content]).sort()).toEqual(
      [
        [mastodon.id, "Spring sale on Mastodon"],
        [sandbox.id, null],
      ].sort(),
    );
    expect(copy.media.map((m: { id: string; altText: string | null }) => [m.id, m.altText])).toEqual([
      [chart.id, "A red chart"],
      [photo.id, null],
    ]);
    expect(res.json.droppedChannels).toEqual([]);
    // The original is untouched, and the same library items are referenced, not copied.
    expect(await db.post.findUniqueOrThrow({ where: { id: post.id } })).toMatchObject({
      status: "PUBLISHED",
      version: 3,
    });
    expect(await db.mediaItem.count({ where: { workspaceId: a.id } })).toBe(2);
    // The copy is an ordinary draft: editable through PATCH.
    const edited = await callRoute(postRoute.PATCH, {
      method: "PATCH",
      path: `/api/posts/${copy.id}`,
      params: { id: copy.id },
      body: { content: "Summer sale starts Monday", version: 0 },
      headers,
    });
    expect(edited.status).toBe(200);
    expect(edited.json).toMatchObject({ content: "Summer sale starts Monday", status: "DRAFT", version: 1 });
  });

  it("drops a channel deleted since and names it", async () => {
    const { post, mastodon, sandbox } = await publishedPost();
    await db.channel.update({ where: { id: sandbox.id }, data: { deletedAt: new Date() } });
    const res = await duplicate(post.id, await session(a.id, "OWNER"));
    expect(res.status).toBe(201);
    expect(res.json.post.channels.map((c: { id: string }) => c.id)).toEqual([mastodon.id]);
    expect(res.json.droppedChannels).toEqual([
      { id: sandbox.id, platform: "SANDBOX", displayName: "Brand A sandbox", reason: "the channel was deleted" },
    ]);
  });

  it("works with a write API token; a Viewer or Approver is refused (403) and nothing is written", async () => {
    const { post } = await publishedPost();
    const byToken = await duplicate(post.id, { authorization: `Bearer ${a.token}` });
    expect(byToken.status).toBe(201);
    expect(byToken.json.post.createdByUserId).toBeNull();
    const before = await postCount(a.id);
    for (const role of ["VIEWER", "APPROVER"] as const) {
      const res = await duplicate(post.id, await session(a.id, role));
      expect(res.status).toBe(403);
      expect(res.json.error.code).toBe("forbidden");
    }
    expect(await postCount(a.id)).toBe(before);
  });

  it("another workspace's post is 404, an unknown one too, and a deleted post", async () => {
    const { post } = await publishedPost();
    const inB = await session(b.id, "OWNER");
    for (const id of [post.id, "no-such-post"]) {
      const res = await duplicate(id, inB);
      expect(res.status).toBe(404);
      expect(res.json.error.code).toBe("not_found");
    }
    await db.post.update({ where: { id: post.id }, data: { deletedAt: new Date() } });
    expect((await duplicate(post.id, await session(a.id, "OWNER"))).status).toBe(404);
    expect(await postCount(b.id)).toBe(0);
  });

  it("bad input is a 400 naming the field, nothing written", async () => {
    const { post } = await publishedPost();
    const headers = await session(a.id, "EDITOR");
    const before = await postCount(a.id);
    for (const body of [{ workspaceId: 5 }, { workspaceId: "" }, { workspace: b.id }]) {
      const res = await duplicate(post.id, headers, body);
      expect(res.status).toBe(400);
      expect(JSON.stringify(res.json.error)).toMatch(/workspace/);
    }
    expect(await postCount(a.id)).toBe(before);
  });
});

describe("POST /api/posts/:id/duplicate into another workspace", () => {
  it("keeps the channel of the same account there, drops and names the others, copies the media into its library", async () => {
    const { post, mastodon, sandbox, chart } = await publishedPost();
    const sameAccount = await createTestChannel(db, { workspaceId: b.id, platform: "MASTODON", displayName: "B toot" });
    await db.channel.update({
      where: { id: sameAccount.id },
      data: { accountName: "@brand@mastodon.social", serverUrl: "https://mastodon.social" },
    });
    await session(b.id, "EDITOR");
    const res = await duplicate(post.id, await session(a.id, "EDITOR"), { workspaceId: b.id });
    expect(res.status).toBe(201);
    const copy = res.json.post;
    expect(await db.post.findUniqueOrThrow({ where: { id: copy.id } })).toMatchObject({
      workspaceId: b.id,
      status: "DRAFT",
      scheduledAt: null,
    });
    expect(copy.channels.map((c: { id: string; content: string | null }) => [c.id, c.content])).toEqual([
      [sameAccount.id, "Spring sale on Mastodon"],
    ]);
    expect(res.json.droppedChannels).toEqual([
      {
        id: sandbox.id,
        platform: "SANDBOX",
        displayName: "Brand A sandbox",
        reason: "not connected in the target workspace",
      },
    ]);
    expect(mastodon.id).not.toBe(sameAccount.id);
    // Media: new items of B's library with the same bytes and alt texts; A's items are not B's.
    const items = await db.mediaItem.findMany({ where: { workspaceId: b.id } });
    expect(items).toHaveLength(2);
    expect(copy.media.map((m: { id: string }) => m.id).sort()).toEqual(items.map((i) => i.id).sort());
    expect(copy.media[0].altText).toBe("A red chart");
    const chartCopy = items.find((i) => i.id === copy.media[0].id);
    const chartRow = await db.mediaItem.findUniqueOrThrow({ where: { id: chart.id } });
    expect(chartCopy?.sha256).toBe(chartRow.sha256);
    expect(chartCopy?.storageKey.startsWith(`${b.id}/`)).toBe(true);
    // A second duplicate references B's copies (same bytes) instead of copying again.
    const again = await duplicate(post.id, await session(a.id, "EDITOR"), { workspaceId: b.id });
    expect(again.status).toBe(201);
    expect(await db.mediaItem.count({ where: { workspaceId: b.id } })).toBe(2);
    expect(again.json.post.media.map((m: { id: string }) => m.id)).toEqual(copy.media.map((m: { id: string }) => m.id));
    // B's copy has its own object: removing A's object leaves B's readable.
    await getMediaStorage().delete(chartRow.storageKey);
    const stored = await getMediaStorage().head(chartCopy?.storageKey ?? "");
    expect(stored?.bytes).toBe(Number(chartRow.bytes));
  });

  it("needs posts:write there: a Viewer or Approver there is 403, not a member is 404, a token 403; nothing written", async () => {
    const { post } = await publishedPost();
    const headers = await session(a.id, "EDITOR");
    for (const role of ["VIEWER", "APPROVER"] as const) {
      await signInAs(db, { userId, workspaceId: b.id, role });
      const res = await duplicate(post.id, headers, { workspaceId: b.id });
      expect(res.status).toBe(403);
      expect(res.json.error.message).toMatch(/posts:write/);
    }
    await db.membership.delete({ where: { userId_workspaceId: { userId, workspaceId: b.id } } });
    const notMember = await duplicate(post.id, headers, { workspaceId: b.id });
    expect(notMember.status).toBe(404);
    const unknown = await duplicate(post.id, headers, { workspaceId: "no-such-workspace" });
    expect(unknown.status).toBe(404);
    const byToken = await duplicate(post.id, { authorization: `Bearer ${a.token}` }, { workspaceId: b.id });
    expect(byToken.status).toBe(403);
    expect(await postCount(b.id)).toBe(0);
    expect(await db.mediaItem.count({ where: { workspaceId: b.id } })).toBe(0);
  });

  it("a post of the target workspace itself, asked from the source, is still 404", async () => {
    const bChannel = await createTestChannel(db, { workspaceId: b.id });
    const bPost = await createTestPost(db, { workspaceId: b.id, channelIds: [bChannel.id] });
    await session(b.id, "EDITOR");
    const res = await duplicate(bPost.id, await session(a.id, "EDITOR"), { workspaceId: b.id });
    expect(res.status).toBe(404);
    expect(await postCount(b.id)).toBe(1);
  });
});
