import { beforeEach, describe, expect, it } from "vitest";
import * as mediaRoute from "@/app/api/media/route";
import type { Db } from "@/lib/db/prisma";
import { listMedia } from "@/lib/media/list-media";
import { listMediaQuery, type MediaListItem } from "@/lib/media/media-schemas";
import { callRoute, isolateAppSingletons } from "@/tests/helpers/call-route";
import { createTestChannel, createTestPost } from "@/tests/helpers/factories";
import { setupTestWorkspaces } from "@/tests/helpers/test-workspaces";
import { makePng, uploadMedia } from "@/tests/helpers/upload-media";

// GET /api/media says where each item is used (`usedIn`, `usedInCount`) for the Media page: the workspace's posts
// that are not deleted, scheduled ones first, each with a one-line excerpt, in one query for the whole page.

const app = isolateAppSingletons();
const { db, createWorkspace } = setupTestWorkspaces({
  app,
  mediaFiles: true,
});
let token: string;
let workspaceId: string;
let channelId: string;

beforeEach(async () => {
  const created = await createWorkspace();
  token = created.token;
  workspaceId = created.workspace.id;
  channelId = (await createTestChannel(db, { workspaceId })).id;
});

async function list(query = ""): Promise<MediaListItem[]> {
  const res = await callRoute(mediaRoute.GET, { path: `/api/media${query}`, token });
  expect(res.status).toBe(200);
  return res.json.items;
}
const itemOf = (items: MediaListItem[], id: string) => items.find((i) => i.id === id) as MediaListItem;

/** A post of the test workspace using `mediaIds` (in order), in `status` at `scheduledAt`. */
async function postUsing(
  mediaIds: string[],
  { content = "Hello", status = "DRAFT", scheduledAt = null, ws = workspaceId, channel = channelId } = {} as {
    content?: string;
    status?: "DRAFT" | "SCHEDULED" | "PUBLISHING" | "PUBLISHED" | "FAILED";
    scheduledAt?: Date | null;
    ws?: string;
    channel?: string;
  },
) {
  const post = await createTestPost(db, { workspaceId: ws, channelIds: [channel], content });
  await db.post.update({ where: { id: post.id }, data: { status, scheduledAt } });
  await db.postMedia.createMany({
    data: mediaIds.map((mediaId, position) => ({ postId: post.id, mediaId, position })),
  });
  return post;
}

describe("GET /api/media: where each item is used", () => {
  it("lists the posts using each item with excerpt, status and time, scheduled first; deleted posts left out", async () => {
    const photo = await uploadMedia(token, await makePng(40, 30), "photo.png");
    const unused = await uploadMedia(token, await makePng(40, 30, "#aa0000"), "unused.png");
    const draft = await postUsing([photo.id], { content: "A draft\n\nwith   two paragraphs" });
    const published = await postUsing([photo.id], {
      content: "Went out",
      status: "PUBLISHED",
      scheduledAt: new Date("2026-11-01T09:00:00Z"),
    });
    const later = await postUsing([photo.id], {
      content: "Later",
      status: "SCHEDULED",
      scheduledAt: new Date("2027-03-02T10:00:00Z"),
    });
    const sooner = await postUsing([photo.id], {
      content: "Sooner",
      status: "SCHEDULED",
      scheduledAt: new Date("2027-01-05T08:30:00Z"),
    });
    const gone = await postUsing([photo.id], { content: "Deleted" });
    await db.post.update({ where: { id: gone.id }, data: { deletedAt: new Date() } });

    const items = await list();
    expect(itemOf(items, photo.id).usedIn).toEqual([
      { postId: sooner.id, excerpt: "Sooner", status: "SCHEDULED", scheduledAt: "2027-01-05T08:30:00.000Z" },
      { postId: later.id, excerpt: "Later", status: "SCHEDULED", scheduledAt: "2027-03-02T10:00:00.000Z" },
      { postId: published.id, excerpt: "Went out", status: "PUBLISHED", scheduledAt: "2026-11-01T09:00:00.000Z" },
      { postId: draft.id, excerpt: "A draft with two paragraphs", status: "DRAFT", scheduledAt: null },
    ]);
    expect(itemOf(items, photo.id).usedInCount).toBe(4);
    // usedBy keeps listing every link (the deleted post's too), as before.
    expect(itemOf(items, photo.id).usedBy).toHaveLength(5);
    expect(itemOf(items, unused.id)).toMatchObject({ usedIn: [], usedInCount: 0, usedBy: [] });
  });

  it("cuts excerpts at 80 graphemes with an ellipsis, never inside an emoji or accent", async () => {
    const photo = await uploadMedia(token, await makePng(), "photo.png");
    const family = "👩‍👩‍👧‍👦"; // one grapheme, seven code points
    const accent = "e\u0301"; // é as e + combining acute: one grapheme
    const cases = [
      { content: `${"a".repeat(79)}${family}tail`, excerpt: `${"a".repeat(79)}${family}…` },
      { content: `${accent.repeat(85)}`, excerpt: `${accent.repeat(80)}…` },
      { content: `${"word ".repeat(16)}more`, excerpt: `${"word ".repeat(16).trimEnd()}…` },
      { content: "x".repeat(80), excerpt: "x".repeat(80) },
      { content: "", excerpt: "" },
      { content: `${"y".repeat(10_000)}`, excerpt: `${"y".repeat(80)}…` },
    ];
    const posts: { id: string }[] = [];
    for (const c of cases) posts.push(await postUsing([photo.id], { content: c.content }));
    const usedIn = itemOf(await list(), photo.id).usedIn;
    cases.forEach((c, i) => {
      expect(usedIn.find((u) => u.postId === posts[i]?.id)?.excerpt, c.content.slice(0, 20)).toBe(c.excerpt);
    });
  });

  it("lists at most 20 posts per item, scheduled ones always among them, and counts them all", async () => {
    const photo = await uploadMedia(token, await makePng(), "photo.png");
    for (let i = 0; i < 22; i++) await postUsing([photo.id], { content: `Draft ${i}` });
    const scheduled = await postUsing([photo.id], {
      content: "Scheduled last",
      status: "PUBLISHING",
      scheduledAt: new Date("2027-01-01T00:00:00Z"),
    });
    const item = itemOf(await list(), photo.id);
    expect(item.usedInCount).toBe(23);
    expect(item.usedIn).toHaveLength(20);
    expect(item.usedIn[0]).toMatchObject({ postId: scheduled.id, status: "PUBLISHING" });
  });

  it("stays in the workspace: another workspace's post linked to the item is not listed", async () => {
    const photo = await uploadMedia(token, await makePng(), "photo.png");
    const mine = await postUsing([photo.id], { content: "Mine" });
    const other = await createWorkspace();
    const otherChannel = await createTestChannel(db, { workspaceId: other.workspace.id });
    // The API refuses such a link (422); written directly, it must still not leak the other workspace's text.
    await postUsing([photo.id], { content: "Secret of B", ws: other.workspace.id, channel: otherChannel.id });
    const item = itemOf(await list(), photo.id);
    expect(item.usedIn.map((u) => u.postId)).toEqual([mine.id]);
    expect(JSON.stringify(item.usedIn)).not.toContain("Secret of B");
    const theirs = await callRoute(mediaRoute.GET, { path: "/api/media", token: other.token });
    expect(theirs.json.items).toEqual([]);
  });

  it("asks the database the same number of times for a page of 1 item or of 6 (no query per item)", async () => {
    for (let i = 0; i < 6; i++) {
      const item = await uploadMedia(token, await makePng(20, 20), `item ${i}.png`);
      await postUsing([item.id], { content: `Post ${i}`, status: "SCHEDULED", scheduledAt: new Date() });
    }
    let calls = 0;
    const counted = db.$extends({
      query: {
        $allOperations({ args, query }) {
          calls++;
          return query(args);
        },
      },
    }) as unknown as Db;
    const countFor = async (limit: number) => {
      calls = 0;
      const page = await listMedia({ db: counted, workspaceId, query: listMediaQuery.parse({ limit }) });
      expect(page.items).toHaveLength(limit);
      expect(page.items.every((i) => i.usedIn.length === 1)).toBe(true);
      return calls;
    };
    const one = await countFor(1);
    expect(await countFor(6)).toBe(one);
    expect(one).toBe(2); // the page, and the uses of all its items
  });
});
