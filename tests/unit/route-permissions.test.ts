import { readFileSync } from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { API_ROUTE_METHODS } from "@/lib/api/route-methods";
import { PERSON_ONLY_ROUTES, ROUTE_PERMISSIONS, routeAccess } from "@/lib/api/route-permissions";
import {
  PERMISSIONS,
  type Permission,
  permissionsOf,
  requirePermission,
  roleCan,
  TOKEN_SCOPE_PERMISSIONS,
} from "@/lib/auth/permissions";

describe("ROUTE_PERMISSIONS", () => {
  it("names a permission for exactly the routes and methods the route files export", () => {
    // API_ROUTE_METHODS equals the route files (tests/unit/route-methods.test.ts), so a new route file without an
    // entry here fails this test.
    const methods = Object.fromEntries(Object.entries(API_ROUTE_METHODS).map(([k, v]) => [k, [...v].sort()]));
    const permissions = Object.fromEntries(
      Object.entries(ROUTE_PERMISSIONS).map(([k, v]) => [k, Object.keys(v).sort()]),
    );
    expect(permissions).toEqual(methods);
  });

  it("marks public exactly the routes wrapped by publicRoute, and only those", () => {
    for (const [route, methods] of Object.entries(ROUTE_PERMISSIONS)) {
      const source = readFileSync(path.resolve(`app${route}/route.ts`), "utf8");
      for (const [method, access] of Object.entries(methods)) {
        const wrapper = source.match(new RegExp(`export const ${method} = (\\w+)\\(`))?.[1];
        const expected = access === "public" || access === "signed-in" ? "publicRoute" : "workspaceRoute";
        expect(`${method} ${route}: ${wrapper}`).toBe(`${method} ${route}: ${expected}`);
      }
    }
  });

  it("gives every GET a read permission and every write a permission that is not a read", () => {
    // So a Viewer, an Approver and a read token can never change anything through a route (approve aside). The
    // OAuth callbacks are GETs that finish a connection (the browser comes back with a GET): they need the write.
    // Listing API tokens is itself managing them (names, scopes, last use): only tokens:manage sees the list.
    // The failure webhook's URL may carry a chat tool's secret: only settings:manage reads it.
    const managedLists = new Set(["GET /api/workspace/tokens", "GET /api/workspace/failure-webhook"]);
    // A person's own notifications (mark read, their own preferences): every member, Viewers too, may change their
    // own rows and nothing else (person-only: a token has no person); they need posts:read, which every role has.
    const ownRows = new Set(["/api/notifications", "/api/notifications/read", "/api/notifications/preferences"]);
    for (const [route, methods] of Object.entries(ROUTE_PERMISSIONS)) {
      for (const [method, access] of Object.entries(methods)) {
        if (access === "public" || access === "signed-in") continue;
        if (ownRows.has(route)) {
          expect(PERSON_ONLY_ROUTES.has(route), route).toBe(true);
          expect(`${method} ${route} ${access}`).toBe(`${method} ${route} posts:read`);
          continue;
        }
        const readOnly = method === "GET" && !PERSON_ONLY_ROUTES.has(route) && !managedLists.has(`${method} ${route}`);
        expect(`${method} ${route} ${access}`).toMatch(readOnly ? /:read$/ : /:(?!read$)\w+$/);
      }
    }
  });

  it("answers HEAD as GET and nothing for an unknown method or route", () => {
    expect(routeAccess("/api/posts", "HEAD")).toBe("posts:read");
    expect(routeAccess("/api/posts", "PUT")).toBeNull();
    expect(routeAccess("/api/nope", "GET")).toBeNull();
  });
});

describe("the role table", () => {
  const table: Record<string, Permission[]> = {
    OWNER: [...PERMISSIONS],
    ADMIN: PERMISSIONS.filter((p) => p !== "ownership:transfer"),
    EDITOR: [
      "posts:read",
      "posts:write",
      "posts:schedule",
      "posts:comment",
      "channels:read",
      "channels:manage",
      "media:read",
      "media:write",
      "members:read",
      "settings:read",
    ],
    VIEWER: ["posts:read", "channels:read", "media:read", "members:read", "settings:read"],
    APPROVER: [
      "posts:read",
      "posts:approve",
      "posts:comment",
      "channels:read",
      "media:read",
      "members:read",
      "settings:read",
    ],
  };
  for (const [role, expected] of Object.entries(table)) {
    it(`${role} has exactly its permissions`, () => {
      expect(permissionsOf(role as keyof typeof table & "OWNER")).toEqual(expected);
    });
  }

  it("never lets a Viewer or Approver write, or anyone but Owner/Admin read the audit log", () => {
    for (const p of PERMISSIONS.filter((x) => !x.endsWith(":read"))) expect(roleCan("VIEWER", p), p).toBe(false);
    for (const p of PERMISSIONS.filter((x) => !x.endsWith(":read") && x !== "posts:approve" && x !== "posts:comment")) {
      expect(roleCan("APPROVER", p), p).toBe(false);
    }
    expect(
      ["OWNER", "ADMIN", "EDITOR", "VIEWER", "APPROVER"].filter((r) => roleCan(r as "OWNER", "audit:read")),
    ).toEqual(["OWNER", "ADMIN"]);
  });
});

describe("requirePermission", () => {
  it("names the role and the missing permission", () => {
    expect(() => requirePermission({ role: "VIEWER", tokenScope: null }, "posts:write")).toThrow(
      "your role (Viewer) cannot posts:write",
    );
    expect(() => requirePermission({ role: "EDITOR", tokenScope: null }, "posts:write")).not.toThrow();
  });

  it("gives a read token only read permissions and a write token no people or credential changes", () => {
    for (const p of PERMISSIONS) {
      expect(TOKEN_SCOPE_PERMISSIONS.read.has(p), p).toBe(p.endsWith(":read"));
    }
    expect(() => requirePermission({ role: null, tokenScope: "read" }, "posts:write")).toThrow(
      "this API token (scope read) cannot posts:write",
    );
    expect(() => requirePermission({ role: null, tokenScope: "write" }, "posts:write")).not.toThrow();
    for (const p of ["members:manage", "ownership:transfer", "tokens:manage"] as const) {
      expect(() => requirePermission({ role: null, tokenScope: "write" }, p)).toThrow(p);
    }
  });

  it("refuses a caller with neither role nor scope", () => {
    expect(() => requirePermission({ role: null, tokenScope: null }, "posts:read")).toThrow("your role (no role)");
  });
});
