import { beforeEach, describe, expect, it } from "vitest";
import * as signInRoute from "@/app/api/auth/sign-in/route";
import * as postsRoute from "@/app/api/posts/route";
import * as tokenRoute from "@/app/api/workspace/tokens/[id]/route";
import * as tokensRoute from "@/app/api/workspace/tokens/route";
import { createApiToken } from "@/lib/api-tokens/create-api-token";
import { listApiTokens } from "@/lib/api-tokens/list-api-tokens";
import { revokeApiToken } from "@/lib/api-tokens/revoke-api-token";
import { callRoute, isolateAppSingletons } from "@/tests/helpers/call-route";
import { setupTestWorkspaces } from "@/tests/helpers/test-workspaces";

// Settings → API tokens through the API (issue 12): list, create (shown once), revoke; tokens:manage.

const { db, createWorkspace, createUser } = setupTestWorkspaces({ app: isolateAppSingletons() });
const SAME = { origin: "http://localhost", host: "localhost" };

let alpha: { id: string; token: string };
let beta: { id: string; token: string };
let userId: string;
let cookie: string;

beforeEach(async () => {
  const a = await createWorkspace({ name: "Alpha" });
  const b = await createWorkspace({ name: "Beta" });
  alpha = { id: a.workspace.id, token: a.token };
  beta = { id: b.workspace.id, token: b.token };
  const user = await createUser({ workspaceIds: [alpha.id] }); // OWNER of Alpha
  userId = user.userId;
  const res = await callRoute(signInRoute.POST, {
    method: "POST",
    path: "/api/auth/sign-in",
    body: { email: user.email, password: user.password },
    headers: SAME,
  });
  cookie = (res.headers.get("set-cookie") ?? "").split(";")[0] ?? "";
});

const create = (body: unknown) =>
  callRoute(tokensRoute.POST, { method: "POST", path: "/api/workspace/tokens", body, headers: { cookie, ...SAME } });
const revoke = (id: string) =>
  callRoute(tokenRoute.DELETE, {
    method: "DELETE",
    path: `/api/workspace/tokens/${id}`,
    params: { id },
    headers: { cookie, ...SAME },
  });

describe("API tokens from the dashboard", () => {
  it("creates a read token shown once, lists it without the secret, and it reads but is refused once revoked", async () => {
    const made = await create({ name: " CI read ", scope: "read" });
    expect(made.status).toBe(201);
    expect(made.json).toMatchObject({ name: "CI read", scope: "read", lastUsedAt: null, revokedAt: null });
    expect(made.json.token).toMatch(/^cad_[A-Za-z0-9_-]{43}$/);
    expect(made.json.token.startsWith(made.json.prefix)).toBe(true);

    const list = await callRoute(tokensRoute.GET, { path: "/api/workspace/tokens", headers: { cookie } });
    expect(list.status).toBe(200);
    const row = list.json.tokens.find((t: { id: string }) => t.id === made.json.id);
    expect(row).toEqual({
      id: made.json.id,
      name: "CI read",
      prefix: made.json.prefix,
      scope: "read",
      lastUsedAt: null,
      createdAt: made.json.createdAt,
      revokedAt: null,
    });
    expect(list.text).not.toContain(made.json.token);
    expect(list.text).not.toContain("tokenHash");

    const read = await callRoute(postsRoute.GET, { path: "/api/posts", token: made.json.token });
    expect(read.status).toBe(200);
    const used = await callRoute(tokensRoute.GET, { path: "/api/workspace/tokens", headers: { cookie } });
    expect(used.json.tokens.find((t: { id: string }) => t.id === made.json.id).lastUsedAt).not.toBeNull();

    const gone = await revoke(made.json.id);
    expect(gone.status).toBe(200);
    expect(gone.json.revokedAt).not.toBeNull();
    const refused = await callRoute(postsRoute.GET, { path: "/api/posts", token: made.json.token });
    expect(refused.status).toBe(401);

    // Revoking again keeps the first time and records one revocation.
    const again = await revoke(made.json.id);
    expect(again.json.revokedAt).toBe(gone.json.revokedAt);
    const events = await db.auditEvent.findMany({ where: { workspaceId: alpha.id }, orderBy: { createdAt: "asc" } });
    expect(events.map((e) => [e.action, e.target, e.actorUserId])).toEqual([
      ["token.created", `token:${made.json.id}`, userId],
      ["token.revoked", `token:${made.json.id}`, userId],
    ]);
    expect(events[0]?.details).toEqual({ name: "CI read", prefix: made.json.prefix, scope: "read" });
  });

  it("a write token has scope write", async () => {
    const made = await create({ name: "deploy", scope: "write" });
    expect(made.status).toBe(201);
    expect((await db.apiToken.findUniqueOrThrow({ where: { id: made.json.id } })).scope).toBe("write");
  });

  it.each([
    [{ name: "x" }, "scope"],
    [{ name: "x", scope: "admin" }, "scope"],
    [{ name: "  ", scope: "read" }, "name"],
    [{ scope: "read" }, "name"],
    [{ name: "x".repeat(101), scope: "read" }, "name"],
    [{ name: "x", scope: "read", expires: "never" }, "(root)"],
  ])("refuses %j with 400 naming %s, creating nothing", async (body, field) => {
    const before = await db.apiToken.count({ where: { workspaceId: alpha.id } });
    const res = await create(body);
    expect(res.status).toBe(400);
    expect(res.json.error.details.map((d: { path: string }) => d.path)).toContain(field);
    expect(await db.apiToken.count({ where: { workspaceId: alpha.id } })).toBe(before);
  });

  it("another workspace's token is 404 and stays valid", async () => {
    const theirs = await db.apiToken.findFirstOrThrow({ where: { workspaceId: beta.id } });
    const res = await revoke(theirs.id);
    expect(res.status).toBe(404);
    expect((await db.apiToken.findUniqueOrThrow({ where: { id: theirs.id } })).revokedAt).toBeNull();
    expect((await callRoute(postsRoute.GET, { path: "/api/posts", token: beta.token })).status).toBe(200);
    expect((await revoke("no-such-token")).status).toBe(404);
    // Nor is it listed.
    const list = await callRoute(tokensRoute.GET, { path: "/api/workspace/tokens", headers: { cookie } });
    expect(list.json.tokens.map((t: { id: string }) => t.id)).not.toContain(theirs.id);
  });

  it("needs tokens:manage: a Viewer and an API token get 403 naming it", async () => {
    await db.membership.update({
      where: { userId_workspaceId: { userId, workspaceId: alpha.id } },
      data: { role: "VIEWER" },
    });
    const byViewer = await create({ name: "sneaky", scope: "write" });
    expect(byViewer.status).toBe(403);
    expect(byViewer.json.error.message).toContain("tokens:manage");
    const byToken = await callRoute(tokensRoute.POST, {
      method: "POST",
      path: "/api/workspace/tokens",
      body: { name: "minted by a token", scope: "write" },
      token: alpha.token,
    });
    expect(byToken.status).toBe(403);
    expect(byToken.json.error.message).toContain("tokens:manage");
    expect(await db.apiToken.count({ where: { workspaceId: alpha.id } })).toBe(1);
  });

  it("the CLI's functions keep working: write scope by default, revoke without a workspace", async () => {
    const made = await createApiToken({ db, workspaceId: alpha.id, name: "cli" });
    expect(made.scope).toBe("write");
    expect((await listApiTokens({ db, workspaceId: alpha.id })).map((t) => [t.name, t.scope])).toEqual([
      ["test", "write"],
      ["cli", "write"],
    ]);
    const revoked = await revokeApiToken({ db, tokenId: made.id });
    expect(revoked.revokedNow).toBe(true);
    expect((await callRoute(postsRoute.GET, { path: "/api/posts", token: made.token })).status).toBe(401);
  });
});
