import { beforeEach, describe, expect, it } from "vitest";
import * as sessionRoute from "@/app/api/auth/session/route";
import * as signInRoute from "@/app/api/auth/sign-in/route";
import * as workspaceSwitchRoute from "@/app/api/auth/workspace/route";
import * as postRoute from "@/app/api/posts/[id]/route";
import * as postsRoute from "@/app/api/posts/route";
import { permissionsOf } from "@/lib/auth/permissions";
import { callRoute, isolateAppSingletons } from "@/tests/helpers/call-route";
import { createTestChannel, createTestPost } from "@/tests/helpers/factories";
import { setupTestWorkspaces } from "@/tests/helpers/test-workspaces";

// The API's workspace rules hold for the session cookie as for API tokens; cookie writes must be same-origin.

const { db, createWorkspace, createUser } = setupTestWorkspaces({ app: isolateAppSingletons() });
const SAME = { origin: "http://localhost", host: "localhost" };
let userId: string;
let alpha: { id: string; token: string; channelId: string };
let beta: { id: string; token: string; channelId: string };
let cookie: string;

async function workspace(name: string, timezone: string) {
  const { workspace: w, token } = await createWorkspace({ name, timezone });
  const channel = await createTestChannel(db, { workspaceId: w.id });
  return { id: w.id, token, channelId: channel.id };
}

beforeEach(async () => {
  alpha = await workspace("Alpha", "Europe/Berlin");
  beta = await workspace("Beta", "America/New_York");
  // The user belongs to Alpha only.
  const user = await createUser({ workspaceIds: [alpha.id] });
  userId = user.userId;
  const res = await callRoute(signInRoute.POST, {
    method: "POST",
    path: "/api/auth/sign-in",
    body: { email: user.email, password: user.password },
    headers: SAME,
  });
  expect(res.status).toBe(200);
  cookie = (res.headers.get("set-cookie") ?? "").split(";")[0] ?? "";
});

const postCount = (workspaceId: string) => db.post.count({ where: { workspaceId } });

describe("session cookie on the workspace API", () => {
  it("reads and writes the session's workspace, same-origin", async () => {
    const created = await callRoute(postsRoute.POST, {
      method: "POST",
      path: "/api/posts",
      body: { content: "from the dashboard", channelIds: [alpha.channelId] },
      headers: { cookie, ...SAME },
    });
    expect(created.status).toBe(201);
    expect((await db.post.findUniqueOrThrow({ where: { id: created.json.id } })).workspaceId).toBe(alpha.id);
    const list = await callRoute(postsRoute.GET, { path: "/api/posts", headers: { cookie } });
    expect(list.status).toBe(200);
    expect(list.json.posts.map((p: { id: string }) => p.id)).toEqual([created.json.id]);
  });

  it("accepts Sec-Fetch-Site: same-origin when Origin is absent", async () => {
    const res = await callRoute(postsRoute.POST, {
      method: "POST",
      path: "/api/posts",
      body: { content: "no origin header", channelIds: [alpha.channelId] },
      headers: { cookie, host: "localhost", "sec-fetch-site": "same-origin" },
    });
    expect(res.status).toBe(201);
  });

  it("refuses cross-site and origin-less cookie writes with 403 naming the reason, writing nothing", async () => {
    const post = await createTestPost(db, { workspaceId: alpha.id, channelIds: [alpha.channelId], content: "keep" });
    const cases: [Record<string, string>, string][] = [
      [{ origin: "https://evil.example", host: "localhost" }, "Origin https://evil.example does not match"],
      [{ origin: "http://localhost.evil.example", host: "localhost" }, "does not match"],
      [{ host: "localhost", "sec-fetch-site": "cross-site" }, "needs an Origin header"],
      [{ host: "localhost" }, "needs an Origin header"],
    ];
    for (const [headers, reason] of cases) {
      const create = await callRoute(postsRoute.POST, {
        method: "POST",
        path: "/api/posts",
        body: { content: "csrf", channelIds: [alpha.channelId] },
        headers: { cookie, ...headers },
      });
      const del = await callRoute(postRoute.DELETE, {
        method: "DELETE",
        path: `/api/posts/${post.id}`,
        params: { id: post.id },
        headers: { cookie, ...headers },
      });
      const patch = await callRoute(postRoute.PATCH, {
        method: "PATCH",
        path: `/api/posts/${post.id}`,
        params: { id: post.id },
        body: { content: "changed" },
        headers: { cookie, ...headers },
      });
      for (const res of [create, del, patch]) {
        expect(res.status).toBe(403);
        expect(res.json.error.code).toBe("forbidden");
        expect(res.json.error.message).toContain(reason);
      }
    }
    expect(await postCount(alpha.id)).toBe(1);
    expect((await db.post.findUniqueOrThrow({ where: { id: post.id } })).content).toBe("keep");
  });

  it("another workspace's post is 404 through the cookie, as through a token", async () => {
    const theirs = await createTestPost(db, { workspaceId: beta.id, channelIds: [beta.channelId], content: "beta" });
    const read = await callRoute(postRoute.GET, {
      path: `/api/posts/${theirs.id}`,
      params: { id: theirs.id },
      headers: { cookie },
    });
    const del = await callRoute(postRoute.DELETE, {
      method: "DELETE",
      path: `/api/posts/${theirs.id}`,
      params: { id: theirs.id },
      headers: { cookie, ...SAME },
    });
    for (const res of [read, del]) {
      expect(res.status).toBe(404);
      expect(res.json.error.code).toBe("not_found");
    }
    const list = await callRoute(postsRoute.GET, { path: "/api/posts", headers: { cookie } });
    expect(list.json.posts).toEqual([]);
    expect(await postCount(beta.id)).toBe(1);
  });

  it("a Bearer token wins over the cookie and needs no Origin", async () => {
    const res = await callRoute(postsRoute.POST, {
      method: "POST",
      path: "/api/posts",
      token: beta.token,
      body: { content: "token write", channelIds: [beta.channelId] },
      headers: { cookie },
    });
    expect(res.status).toBe(201);
    expect(await postCount(beta.id)).toBe(1);
    expect(await postCount(alpha.id)).toBe(0);
    // A bad token is 401 even with a good cookie: the caller asked for token auth.
    const bad = await callRoute(postsRoute.GET, { path: "/api/posts", token: "cad_nope", headers: { cookie } });
    expect(bad.status).toBe(401);
  });

  it("no cookie and no token is 401", async () => {
    const res = await callRoute(postsRoute.GET, { path: "/api/posts" });
    expect(res.status).toBe(401);
    expect(res.json.error.message).toContain("sign in");
  });
});

describe("POST /api/auth/workspace", () => {
  it("switching to a workspace the user is not a member of is 404 and changes nothing", async () => {
    const res = await callRoute(workspaceSwitchRoute.POST, {
      method: "POST",
      path: "/api/auth/workspace",
      body: { workspaceId: beta.id },
      headers: { cookie, ...SAME },
    });
    expect(res.status).toBe(404);
    expect(res.json.error.code).toBe("not_found");
    const session = await callRoute(sessionRoute.GET, { path: "/api/auth/session", headers: { cookie } });
    expect(session.json.workspace.id).toBe(alpha.id);
  });

  it("switching to a member workspace moves every API call there", async () => {
    await db.membership.create({ data: { userId, workspaceId: beta.id, role: "EDITOR" } });
    const theirs = await createTestPost(db, { workspaceId: beta.id, channelIds: [beta.channelId], content: "beta" });
    const cross = await callRoute(workspaceSwitchRoute.POST, {
      method: "POST",
      path: "/api/auth/workspace",
      body: { workspaceId: beta.id },
      headers: { cookie, origin: "https://evil.example", host: "localhost" },
    });
    expect(cross.status).toBe(403);
    const res = await callRoute(workspaceSwitchRoute.POST, {
      method: "POST",
      path: "/api/auth/workspace",
      body: { workspaceId: beta.id },
      headers: { cookie, ...SAME },
    });
    expect(res.status).toBe(200);
    expect(res.json.workspace).toEqual({
      id: beta.id,
      name: "Beta",
      timezone: "America/New_York",
      role: "EDITOR",
      permissions: permissionsOf("EDITOR"),
      weekStart: "monday",
      defaultChannelIds: [],
      approvalsRequired: false,
    });
    expect(res.json.workspaces.map((w: { name: string; role: string }) => `${w.name}:${w.role}`)).toEqual([
      "Alpha:OWNER",
      "Beta:EDITOR",
    ]);
    const list = await callRoute(postsRoute.GET, { path: "/api/posts", headers: { cookie } });
    expect(list.json.posts.map((p: { id: string }) => p.id)).toEqual([theirs.id]);
  });
});
