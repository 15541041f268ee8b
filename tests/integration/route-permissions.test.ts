import path from "node:path";
import { beforeAll, describe, expect, it } from "vitest";
import { PERSON_ONLY_ROUTES, ROUTE_PERMISSIONS, type RouteAccess } from "@/lib/api/route-permissions";
import { createApiToken } from "@/lib/api-tokens/create-api-token";
import { type Permission, roleCan, TOKEN_SCOPE_PERMISSIONS } from "@/lib/auth/permissions";
import { getPrisma } from "@/lib/db/prisma";
import type { MembershipRole } from "@/lib/generated/prisma/enums";
import { callRoute, isolateAppSingletons } from "@/tests/helpers/call-route";
import { createTestUser, createTestWorkspace } from "@/tests/helpers/factories";
import { SAME_ORIGIN, signInAs } from "@/tests/helpers/team";

// Every route × every caller (each role with a session, a read token, a write token), through the real handlers:
// allowed → anything but 403 (a 400/404/422 means the permission check let it through); refused → 403 naming the
// missing permission, with nothing but the error in the body. The data is one workspace created for this file.

const app = isolateAppSingletons();

const db = getPrisma();
const ROLES: MembershipRole[] = ["OWNER", "ADMIN", "EDITOR", "VIEWER", "APPROVER"];
type Caller = {
  name: string;
  role: MembershipRole | null;
  scope: "read" | "write" | null;
  headers: Record<string, string>;
};
const callers: Caller[] = [];
let workspaceId: string;
const userIds: string[] = [];

beforeAll(async () => {
  const { workspace, token } = await createTestWorkspace(db, { name: "Route permissions" });
  workspaceId = workspace.id;
  for (const role of ROLES) {
    const user = await createTestUser(db, { workspaceIds: [] });
    userIds.push(user.userId);
    const { cookie } = await signInAs(db, { userId: user.userId, workspaceId, role });
    callers.push({ name: role, role, scope: null, headers: { cookie, ...SAME_ORIGIN } });
  }
  const read = await createApiToken({ db, workspaceId, name: "read", scope: "read" });
  callers.push({ name: "read token", role: null, scope: "read", headers: { authorization: `Bearer ${read.token}` } });
  callers.push({
    name: "write token",
    role: null,
    scope: "write",
    headers: { authorization: `Bearer ${token}` },
  });
  return async () => {
    // The workspaces POST /api/workspaces made, owned by these users, go with them.
    const made = await db.membership.findMany({ where: { userId: { in: userIds }, role: "OWNER" } });
    await db.workspace.deleteMany({ where: { id: { in: made.map((m) => m.workspaceId) } } });
    await db.user.deleteMany({ where: { id: { in: userIds } } });
    await db.workspace.deleteMany({ where: { id: workspaceId } });
    await app.close();
  };
});

function allows(caller: Caller, route: string, access: RouteAccess): boolean {
  if (access === "public") return true;
  if (access === "signed-in") return caller.role !== null;
  if (caller.scope) return !PERSON_ONLY_ROUTES.has(route) && TOKEN_SCOPE_PERMISSIONS[caller.scope].has(access);
  return caller.role !== null && roleCan(caller.role, access);
}

/** The route's path with each [segment] filled in, and the params Next would pass. */
function concrete(route: string): { path: string; params: Record<string, string> } {
  const params: Record<string, string> = {};
  const filled = route.replace(/\[([^\]]+)\]/g, (_, name: string) => {
    params[name] = name === "platform" ? "mastodon" : name === "variant" ? "thumbnail" : `missing-${name}`;
    return params[name];
  });
  return { path: filled, params };
}

const entries = Object.entries(ROUTE_PERMISSIONS).flatMap(([route, methods]) =>
  Object.entries(methods).map(([method, access]) => ({ route, method, access: access as RouteAccess })),
);

describe("every route × every role", () => {
  it("covers every route of the table", () => {
    expect(entries.length).toBeGreaterThan(35);
  });

  it("fails closed: a handler reached at a path or method the table does not cover answers 500, runs nothing", async () => {
    const posts = (await import(path.resolve("app/api/posts/route.ts"))) as Record<
      string,
      Parameters<typeof callRoute>[0]
    >;
    const owner = callers.find((c) => c.role === "OWNER");
    if (!owner || !posts.POST) throw new Error("set-up");
    const before = await db.post.count({ where: { workspaceId } });
    for (const [method, url] of [
      ["POST", "/api/not-in-the-table"],
      ["PUT", "/api/posts"],
    ] as const) {
      const res = await callRoute(posts.POST, { method, path: url, body: { content: "x" }, headers: owner.headers });
      expect(res.status, `${method} ${url}`).toBe(500);
      expect(res.json).toEqual({ error: { code: "internal", message: "Internal server error" } });
    }
    expect(await db.post.count({ where: { workspaceId } })).toBe(before);
  });

  for (const { route, method, access } of entries) {
    it(`${method} ${route} needs ${access}`, async () => {
      const mod = (await import(path.resolve(`app${route}/route.ts`))) as Record<
        string,
        Parameters<typeof callRoute>[0]
      >;
      const handler = mod[method];
      if (!handler) throw new Error(`${route} does not export ${method}`);
      const { path: url, params } = concrete(route);
      const body = method === "POST" || method === "PATCH" ? {} : undefined;
      if (access === "public") {
        // No caller needed: these answer without a session (sign-out and the session view: 2xx/401, never 403;
        // health: 200, or 503 naming a service that is down).
        const res = await callRoute(handler, { method, path: url, params, body, headers: SAME_ORIGIN });
        expect(res.status, `${method} ${route} public`).not.toBe(403);
        expect(res.status).not.toBe(500);
        return;
      }
      if (access === "signed-in") {
        // A publicRoute that checks the session itself: any role passes; a token has no session (401).
        for (const caller of callers) {
          const res = await callRoute(handler, {
            method,
            path: url,
            params,
            // A valid body for each: switching to this workspace; creating one (its creator becomes its owner).
            body: route === "/api/workspaces" ? { name: `Made by ${caller.name}`, timezone: "UTC" } : { workspaceId },
            headers: caller.headers,
          });
          const label = `${method} ${route} as ${caller.name}: ${res.status} ${res.text.slice(0, 200)}`;
          // Past the check for any member (switching workspace answers 200; creating one may refuse this body, 400).
          if (caller.role) expect([401, 403, 500], label).not.toContain(res.status);
          // A token has no session (401), or is refused outright where a person must act (403).
          else expect([401, 403], label).toContain(res.status);
        }
        return;
      }
      for (const caller of callers) {
        const res = await callRoute(handler, { method, path: url, params, body, headers: caller.headers });
        const label = `${method} ${route} as ${caller.name}: ${res.status} ${res.text.slice(0, 200)}`;
        if (allows(caller, route, access)) {
          expect(res.status, label).not.toBe(403);
          expect(res.status, label).toBeLessThan(500);
        } else {
          expect(res.status, label).toBe(403);
          expect(Object.keys(res.json), label).toEqual(["error"]);
          expect(res.json.error.code).toBe("forbidden");
          expect(res.json.error.message, label).toContain(access);
          expect(res.json.error.details).toEqual({ missingPermission: access as Permission });
        }
      }
    });
  }
});
