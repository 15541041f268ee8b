import { beforeEach, describe, expect, it } from "vitest";
import * as postRoute from "@/app/api/posts/[id]/route";
import * as postsRoute from "@/app/api/posts/route";
import { callRoute, isolateAppSingletons } from "@/tests/helpers/call-route";
import { createTestChannel, createTestPost } from "@/tests/helpers/factories";
import { setupTestWorkspaces } from "@/tests/helpers/test-workspaces";

const { db, createWorkspace } = setupTestWorkspaces({ app: isolateAppSingletons() });
let token: string;
let workspaceId: string;

beforeEach(async () => {
  const created = await createWorkspace({ timezone: "Europe/Berlin" });
  token = created.token;
  workspaceId = created.workspace.id;
});

const snapshot = (id: string) => db.post.findUnique({ where: { id }, include: { channels: true } });
const postCount = () => db.post.count({ where: { workspaceId } });

describe("POST /api/posts", () => {
  it("creates a draft on the workspace's channels", async () => {
    const sky = await createTestChannel(db, { workspaceId, platform: "BLUESKY", displayName: "Sky" });
    const res = await callRoute(postsRoute.POST, {
      method: "POST",
      path: "/api/posts",
      token,
      body: { content: "Hello 👋", channelIds: [sky.id], tags: ["Launch", "launch"], mediaUrls: [] },
    });
    expect(res.status).toBe(201);
    expect(res.json).toMatchObject({
      content: "Hello 👋",
      status: "DRAFT",
      scheduledAt: null,
      scheduledAtLocal: null,
      version: 0,
      publishCount: 0,
      tags: ["launch"],
      channels: [{ id: sky.id, platform: "BLUESKY", displayName: "Sky" }],
      latestPublication: null,
    });
    const stored = await db.post.findUniqueOrThrow({ where: { id: res.json.id }, include: { channels: true } });
    expect(stored.workspaceId).toBe(workspaceId);
    expect(stored.channels.map((c) => c.channelId)).toEqual([sky.id]);
  });

  it("refuses a malformed body with 400 naming the fields, writing nothing", async () => {
    const cases: [unknown, string[]][] = [
      ["{not json", []],
      [{ channelIds: [] }, ["content"]],
      [{ content: 5, mediaUrls: ["ftp://x"], tags: ["a b"] }, ["content", "mediaUrls.0", "tags.0"]],
      [{ content: "x", status: "PUBLISHED" }, ["(root)"]],
    ];
    for (const [body, fields] of cases) {
      const res = await callRoute(postsRoute.POST, { method: "POST", path: "/api/posts", token, body });
      expect(res.status).toBe(400);
      expect(res.json.error.code).toBe("invalid_request");
      const paths = (res.json.error.details ?? []).map((d: { path: string }) => d.path);
      for (const field of fields) expect(paths).toContain(field);
    }
    expect(await postCount()).toBe(0);
  });

  it("saves a draft whatever it holds, and says per channel which rule it breaks", async () => {
    const cases = [
      { platform: "TWITTER" as const, content: `${"a".repeat(260)} example.com`, rule: "text.length", says: "has 284" },
      { platform: "BLUESKY" as const, content: "a".repeat(301), rule: "text.length", says: "allows 300" },
      { platform: "MASTODON" as const, content: "a".repeat(501), rule: "text.length", says: "allows 500" },
      { platform: "THREADS" as const, content: "🎉".repeat(126), rule: "text.length", says: "has 504" },
      { platform: "LINKEDIN" as const, content: "a".repeat(3001), rule: "text.length", says: "allows 3000" },
      { platform: "INSTAGRAM" as const, content: "no picture", rule: "media.required", says: "needs at least one" },
      { platform: "TIKTOK" as const, content: "no video", rule: "media.required", says: "needs at least one" },
      { platform: "WEBHOOK" as const, content: "a".repeat(10_001), rule: "text.length", says: "allows 10000" },
    ];
    for (const { platform, content, rule, says } of cases) {
      const channel = await createTestChannel(db, { workspaceId, platform, displayName: `My ${platform}` });
      const res = await callRoute(postsRoute.POST, {
        method: "POST",
        path: "/api/posts",
        token,
        body: { content, channelIds: [channel.id] },
      });
      expect(res.status, platform).toBe(201);
      expect(res.json.status).toBe("DRAFT");
      expect(res.json.fit).toEqual([
        {
          channelId: channel.id,
          platform,
          displayName: `My ${platform}`,
          ok: false,
          problems: [expect.objectContaining({ rule, message: expect.stringContaining(says) })],
        },
      ]);
      expect((await db.post.findUniqueOrThrow({ where: { id: res.json.id } })).content).toBe(content);
    }
    expect(await postCount()).toBe(cases.length);
  });

  it("a draft that fits says so, with each channel's own limits", async () => {
    const toot = await createTestChannel(db, { workspaceId, platform: "MASTODON", displayName: "Toot" });
    await db.channel.update({ where: { id: toot.id }, data: { config: { limits: { maxCharacters: 1000 } } } });
    const sky = await createTestChannel(db, { workspaceId, platform: "BLUESKY", displayName: "Sky" });
    const res = await callRoute(postsRoute.POST, {
      method: "POST",
      path: "/api/posts",
      token,
      body: { content: "a".repeat(600), channelIds: [toot.id, sky.id] },
    });
    expect(res.status).toBe(201);
    expect(res.json.fit.map((f: { displayName: string; ok: boolean }) => [f.displayName, f.ok])).toEqual([
      ["Sky", false],
      ["Toot", true],
    ]);
    // The channel's config stays out of the post's answer.
    expect(res.json.channels[0]).not.toHaveProperty("config");
  });

  it("refuses another workspace's channel as 422 and writes nothing", async () => {
    const other = await createWorkspace();
    const theirs = await createTestChannel(db, { workspaceId: other.workspace.id });
    const res = await callRoute(postsRoute.POST, {
      method: "POST",
      path: "/api/posts",
      token,
      body: { content: "hi", channelIds: [theirs.id] },
    });
    expect(res.status).toBe(422);
    expect(res.json.error.details[0].path).toBe("channelIds");
    expect(await postCount()).toBe(0);
  });
});

describe("authentication", () => {
  it("401 without a token, with a wrong one and with a revoked one", async () => {
    const noToken = await callRoute(postsRoute.GET, { path: "/api/posts" });
    expect(noToken.status).toBe(401);
    expect(noToken.json.error.code).toBe("unauthenticated");
    expect((await callRoute(postsRoute.GET, { path: "/api/posts", token: "cad_nope" })).status).toBe(401);
    expect((await callRoute(postsRoute.GET, { path: "/api/posts", token })).status).toBe(200);
    await db.apiToken.updateMany({ where: { workspaceId }, data: { revokedAt: new Date() } });
    const revoked = await callRoute(postsRoute.POST, {
      method: "POST",
      path: "/api/posts",
      token,
      body: { content: "hi" },
    });
    expect(revoked.status).toBe(401);
    expect(await postCount()).toBe(0);
  });
});

describe("GET /api/posts (calendar)", () => {
  it("filters by range, status, tag and channel", async () => {
    const a = await createTestChannel(db, { workspaceId });
    const b = await createTestChannel(db, { workspaceId });
    const at = (iso: string) => new Date(iso);
    const p1 = await createTestPost(db, { workspaceId, channelIds: [a.id], tags: ["evergreen"] });
    const p2 = await createTestPost(db, { workspaceId, channelIds: [b.id] });
    const p3 = await createTestPost(db, { workspaceId, channelIds: [a.id, b.id] });
    await db.post.update({ where: { id: p1.id }, data: { status: "SCHEDULED", scheduledAt: at("2030-05-01T08:00Z") } });
    await db.post.update({ where: { id: p2.id }, data: { status: "PUBLISHED", scheduledAt: at("2030-05-03T08:00Z") } });
    const list = async (query: string) => {
      const res = await callRoute(postsRoute.GET, { path: `/api/posts${query}`, token });
      expect(res.status, query).toBe(200);
      return res.json.posts.map((p: { id: string }) => p.id);
    };
    expect(await list("")).toEqual([p1.id, p2.id, p3.id]);
    expect(await list("?from=2030-05-01T00:00:00Z&to=2030-05-02T00:00:00Z")).toEqual([p1.id]);
    expect(await list("?from=2030-05-01T10:00:00%2B02:00")).toEqual([p1.id, p2.id]);
    expect(await list("?status=PUBLISHED,DRAFT")).toEqual([p2.id, p3.id]);
    expect(await list("?tag=evergreen")).toEqual([p1.id]);
    expect(await list(`?channel=${b.id}`)).toEqual([p2.id, p3.id]);
    const bad = await callRoute(postsRoute.GET, { path: "/api/posts?from=yesterday&status=LOST", token });
    expect(bad.status).toBe(400);
    expect(bad.json.error.details.map((d: { path: string }) => d.path)).toEqual(["from", "status.0"]);
  });
});

describe("GET/PATCH/DELETE /api/posts/:id", () => {
  it("gets, edits and deletes a post", async () => {
    const a = await createTestChannel(db, { workspaceId, platform: "MASTODON" });
    const b = await createTestChannel(db, { workspaceId, platform: "SANDBOX" });
    const post = await createTestPost(db, { workspaceId, channelIds: [a.id] });
    const params = { id: post.id };
    const got = await callRoute(postRoute.GET, { path: `/api/posts/${post.id}`, token, params });
    expect(got.status).toBe(200);
    expect(got.json.id).toBe(post.id);

    const patched = await callRoute(postRoute.PATCH, {
      method: "PATCH",
      path: `/api/posts/${post.id}`,
      token,
      params,
      body: { content: "edited", channelIds: [b.id], tags: ["x"] },
    });
    expect(patched.status).toBe(200);
    // Every edit of a draft moves its version on (compare-and-set for the composer's autosave: README "Composer").
    expect(patched.json).toMatchObject({ content: "edited", tags: ["x"], channels: [{ id: b.id }], version: 1 });

    // A draft is a scratch pad: too long for Mastodon is stored, and the answer says it does not fit yet.
    const tooLong = await callRoute(postRoute.PATCH, {
      method: "PATCH",
      path: `/api/posts/${post.id}`,
      token,
      params,
      body: { content: "a".repeat(501), channelIds: [a.id] },
    });
    expect(tooLong.status).toBe(200);
    expect(tooLong.json.fit).toMatchObject([{ channelId: a.id, ok: false, problems: [{ rule: "text.length" }] }]);
    const stored = await snapshot(post.id);
    expect(stored?.content).toBe("a".repeat(501));
    expect(stored?.channels.map((c) => c.channelId)).toEqual([a.id]);

    const empty = await callRoute(postRoute.PATCH, { method: "PATCH", path: "/api/posts/id", token, params, body: {} });
    expect(empty.status).toBe(400);

    const deleted = await callRoute(postRoute.DELETE, {
      method: "DELETE",
      path: `/api/posts/${post.id}`,
      token,
      params,
    });
    expect(deleted.status).toBe(204);
    expect(await snapshot(post.id)).toBeNull();
  });

  it("refuses to edit or delete a post with a request in flight (409 saying when to retry), changing nothing", async () => {
    const channel = await createTestChannel(db, { workspaceId });
    const post = await createTestPost(db, { workspaceId, channelIds: [channel.id] });
    const leaseUntil = new Date(Date.now() + 60_000);
    await db.post.update({ where: { id: post.id }, data: { status: "PUBLISHING", leaseUntil } });
    const before = await snapshot(post.id);
    const params = { id: post.id };
    const patch = await callRoute(postRoute.PATCH, {
      method: "PATCH",
      path: "/api/posts/id",
      token,
      params,
      body: { content: "x" },
    });
    expect(patch.status).toBe(409);
    const del = await callRoute(postRoute.DELETE, { method: "DELETE", path: "/api/posts/id", token, params });
    expect(del.status).toBe(409);
    expect(del.json.error.details).toMatchObject({ status: "PUBLISHING", retryAt: leaseUntil.toISOString() });
    expect(del.json.error.details.retryAfterMs).toBeGreaterThan(0);
    expect(del.json.error.details.retryAfterMs).toBeLessThanOrEqual(60_000);
    expect(del.json.error.message).toContain(leaseUntil.toISOString());
    expect(await snapshot(post.id)).toEqual(before);
  });

  it("404 for another workspace's post on get, patch and delete, changing nothing", async () => {
    const other = await createWorkspace();
    const channel = await createTestChannel(db, { workspaceId: other.workspace.id });
    const theirs = await createTestPost(db, { workspaceId: other.workspace.id, channelIds: [channel.id] });
    const before = await snapshot(theirs.id);
    const params = { id: theirs.id };
    for (const res of [
      await callRoute(postRoute.GET, { path: "/api/posts/id", token, params }),
      await callRoute(postRoute.PATCH, {
        method: "PATCH",
        path: "/api/posts/id",
        token,
        params,
        body: { content: "mine" },
      }),
      await callRoute(postRoute.DELETE, { method: "DELETE", path: "/api/posts/id", token, params }),
    ]) {
      expect(res.status).toBe(404);
      expect(res.json.error.code).toBe("not_found");
      expect(res.text).not.toContain(theirs.content);
    }
    expect(await snapshot(theirs.id)).toEqual(before);
  });

  it("shows the latest publication with its per-channel results", async () => {
    const channel = await createTestChannel(db, { workspaceId, platform: "SANDBOX", displayName: "Box" });
    const post = await createTestPost(db, { workspaceId, channelIds: [channel.id] });
    const base = { workspaceId, postId: post.id, scheduledAt: new Date("2030-01-01T10:00:00Z") };
    await db.publication.create({
      data: { ...base, postVersion: 1, status: "FAILED", startedAt: new Date("2030-01-01T10:00:00Z") },
    });
    await db.publication.create({
      data: {
        ...base,
        postVersion: 2,
        status: "SUCCEEDED",
        startedAt: new Date("2030-01-02T10:00:00Z"),
        results: {
          create: {
            channelId: channel.id,
            platform: "SANDBOX",
            status: "SUCCEEDED",
            idempotencyKey: "k",
            platformPostId: "sandbox-1",
            attempts: 1,
            publishedAt: new Date("2030-01-02T10:00:01Z"),
          },
        },
      },
    });
    const res = await callRoute(postRoute.GET, { path: "/api/posts/id", token, params: { id: post.id } });
    expect(res.json.latestPublication).toMatchObject({
      postVersion: 2,
      status: "SUCCEEDED",
      results: [
        {
          channelId: channel.id,
          status: "SUCCEEDED",
          platformPostId: "sandbox-1",
          publishedAt: "2030-01-02T10:00:01.000Z",
        },
      ],
    });
    expect(res.text).not.toContain("idempotencyKey");
  });

  it("editing a scheduled post keeps its time and version but re-validates", async () => {
    const channel = await createTestChannel(db, { workspaceId, platform: "BLUESKY" });
    const post = await createTestPost(db, { workspaceId, channelIds: [channel.id] });
    const scheduledAt = new Date("2030-06-01T08:00:00Z");
    await db.post.update({
      where: { id: post.id },
      data: { status: "SCHEDULED", scheduledAt, timezone: "Europe/Berlin", version: 1 },
    });
    const params = { id: post.id };
    const ok = await callRoute(postRoute.PATCH, {
      method: "PATCH",
      path: "/api/posts/id",
      token,
      params,
      body: { content: "new" },
    });
    expect(ok.status).toBe(200);
    expect(ok.json).toMatchObject({
      content: "new",
      status: "SCHEDULED",
      version: 1,
      scheduledAt: "2030-06-01T08:00:00.000Z",
      scheduledAtLocal: "2030-06-01T10:00:00+02:00",
    });
    const before = await snapshot(post.id);
    const long = await callRoute(postRoute.PATCH, {
      method: "PATCH",
      path: "/api/posts/id",
      token,
      params,
      body: { content: "a".repeat(301) },
    });
    expect(long.status).toBe(422);
    expect(long.json.error.details).toMatchObject([
      { path: "content", channelId: channel.id, platform: "BLUESKY", rule: "text.length" },
    ]);
    const noChannel = await callRoute(postRoute.PATCH, {
      method: "PATCH",
      path: "/api/posts/id",
      token,
      params,
      body: { channelIds: [] },
    });
    expect(noChannel.status).toBe(422);
    expect(await snapshot(post.id)).toEqual(before);
  });
});
