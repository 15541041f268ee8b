import { beforeEach, describe, expect, it } from "vitest";
import * as sessionRoute from "@/app/api/auth/session/route";
import * as signInRoute from "@/app/api/auth/sign-in/route";
import * as signOutRoute from "@/app/api/auth/sign-out/route";
import * as postsRoute from "@/app/api/posts/route";
import { getSessionFromCookie } from "@/lib/auth/get-session";
import { PERMISSIONS } from "@/lib/auth/permissions";
import { hashSessionToken, SESSION_REFRESH_MS, SESSION_TTL_MS } from "@/lib/auth/session-token";
import { signInLimitKeys } from "@/lib/auth/sign-in-rate-limit";
import { getProducerRedis } from "@/lib/db/redis";
import { getEnv } from "@/lib/env";
import { callRoute, isolateAppSingletons, TEST_CLIENT_ADDRESS } from "@/tests/helpers/call-route";
import { setupTestWorkspaces } from "@/tests/helpers/test-workspaces";

const { db, createWorkspace, createUser } = setupTestWorkspaces({
  app: isolateAppSingletons(),
  async cleanup({ userIds }) {
    const redis = getProducerRedis();
    const users = await db.user.findMany({ where: { id: { in: userIds } }, select: { email: true } });
    for (const u of users) {
      const keys = signInLimitKeys(u.email, TEST_CLIENT_ADDRESS);
      await redis.del(keys.account, keys.address);
    }
  },
});
const ORIGIN = { origin: "http://localhost", host: "localhost" };
let user: { userId: string; email: string; password: string };
let workspaceId: string;

beforeEach(async () => {
  const { workspace } = await createWorkspace({ timezone: "Europe/Berlin", name: "Alpha" });
  workspaceId = workspace.id;
  user = await createUser({ workspaceIds: [workspaceId], email: `Ana-${Date.now()}@Example.com` });
});

function signIn(email: string, password: string, headers: Record<string, string> = ORIGIN) {
  return callRoute(signInRoute.POST, { method: "POST", path: "/api/auth/sign-in", body: { email, password }, headers });
}

/** `cadence_session=<token>` from a response's Set-Cookie. */
function cookieFrom(res: { headers: Headers }): string {
  const set = res.headers.get("set-cookie") ?? "";
  const pair = set.split(";")[0] ?? "";
  expect(pair).toMatch(/^cadence_session=[A-Za-z0-9_-]{43}$/);
  return pair;
}

describe("POST /api/auth/sign-in", () => {
  it("signs in with any-case email, sets an httpOnly Lax cookie for 14 days and returns the session", async () => {
    const res = await signIn(user.email.toUpperCase(), user.password);
    expect(res.status).toBe(200);
    expect(res.json).toEqual({
      user: { id: user.userId, email: user.email, name: "Test User" },
      workspace: {
        id: workspaceId,
        name: "Alpha",
        timezone: "Europe/Berlin",
        role: "OWNER",
        permissions: [...PERMISSIONS],
        weekStart: "monday",
        defaultChannelIds: [],
        approvalsRequired: false,
      },
      workspaces: [{ id: workspaceId, name: "Alpha", timezone: "Europe/Berlin", role: "OWNER" }],
    });
    const set = res.headers.get("set-cookie") ?? "";
    expect(set).toContain("HttpOnly");
    expect(set).toContain("SameSite=Lax");
    expect(set).toContain("Path=/");
    expect(set).not.toContain("Secure"); // plain http on localhost
    const maxAge = Number(/Max-Age=(\d+)/.exec(set)?.[1]);
    expect(Math.abs(maxAge - SESSION_TTL_MS / 1000)).toBeLessThan(5);

    // Only the token's SHA-256 is stored.
    const token = cookieFrom(res).split("=")[1] ?? "";
    const stored = await db.session.findMany({ where: { userId: user.userId } });
    expect(stored).toHaveLength(1);
    expect(stored[0]?.tokenHash).toBe(hashSessionToken(token));
    expect(JSON.stringify(stored)).not.toContain(token);
  });

  it("marks the cookie Secure when the request came over https", async () => {
    const res = await signIn(user.email, user.password, {
      origin: "https://cadence.example.com",
      host: "cadence.example.com",
      "x-forwarded-proto": "https",
    });
    expect(res.status).toBe(200);
    expect(res.headers.get("set-cookie")).toContain("Secure");
  });

  it("answers a wrong password and an unknown email with the same 401, opening no session", async () => {
    const wrong = await signIn(user.email, `${user.password}x`);
    const unknown = await signIn(`nobody-${Date.now()}@example.com`, user.password);
    for (const res of [wrong, unknown]) {
      expect(res.status).toBe(401);
      expect(res.json).toEqual({ error: { code: "unauthenticated", message: "Email or password is incorrect" } });
      expect(res.headers.get("set-cookie")).toBeNull();
    }
    expect(await db.session.count({ where: { userId: user.userId } })).toBe(0);
  });

  it("never stores the password in clear: an argon2id hash that verifies only the right password", async () => {
    const row = await db.user.findUniqueOrThrow({ where: { id: user.userId } });
    expect(row.passwordHash).toMatch(/^\$argon2id\$v=19\$m=19456,t=2,p=1\$/);
    expect(row.passwordHash).not.toContain(user.password);
    expect(row.email).toBe(user.email.toLowerCase());
    expect((await signIn(user.email, user.password)).status).toBe(200);
  });

  it("refuses a sign-in posted from another site (login CSRF) with 403", async () => {
    const res = await signIn(user.email, user.password, { origin: "https://evil.example", host: "localhost" });
    expect(res.status).toBe(403);
    expect(res.json.error.code).toBe("forbidden");
    expect(res.json.error.message).toContain("Origin https://evil.example");
    expect(await db.session.count({ where: { userId: user.userId } })).toBe(0);
  });

  it("rate-limits the account after its limit of failures with 429, even for the right password", async () => {
    const limit = getEnv().SIGN_IN_MAX_FAILURES_PER_ACCOUNT;
    for (let i = 0; i < limit; i++) expect((await signIn(user.email, "wrong")).status).toBe(401);
    const blocked = await signIn(user.email, user.password);
    expect(blocked.status).toBe(429);
    expect(blocked.json.error).toMatchObject({ code: "rate_limited" });
    expect(blocked.json.error.message).toMatch(/Too many failed sign-in attempts\. Try again in 1[45] minutes/);
  });

  it("400 for a malformed body, naming the field", async () => {
    const res = await callRoute(signInRoute.POST, {
      method: "POST",
      path: "/api/auth/sign-in",
      body: { email: "a@b.c" },
      headers: ORIGIN,
    });
    expect(res.status).toBe(400);
    expect(res.json.error.details.map((d: { path: string }) => d.path)).toEqual(["password"]);
  });
});

describe("sessions", () => {
  it("GET /api/auth/session reads the cookie; sign-out deletes the session so the same cookie is 401", async () => {
    const cookie = cookieFrom(await signIn(user.email, user.password));
    const session = await callRoute(sessionRoute.GET, { path: "/api/auth/session", headers: { cookie } });
    expect(session.status).toBe(200);
    expect(session.json.workspace.id).toBe(workspaceId);

    const out = await callRoute(signOutRoute.POST, {
      method: "POST",
      path: "/api/auth/sign-out",
      headers: { cookie, ...ORIGIN },
    });
    expect(out.status).toBe(204);
    expect(out.headers.get("set-cookie")).toMatch(/^cadence_session=; .*Max-Age=0/);
    expect(await db.session.count({ where: { userId: user.userId } })).toBe(0);

    for (const res of [
      await callRoute(sessionRoute.GET, { path: "/api/auth/session", headers: { cookie } }),
      await callRoute(postsRoute.GET, { path: "/api/posts", headers: { cookie } }),
    ]) {
      expect(res.status).toBe(401);
      expect(res.json.error.code).toBe("unauthenticated");
    }
  });

  it("an expired session is 401 and is removed", async () => {
    const cookie = cookieFrom(await signIn(user.email, user.password));
    await db.session.updateMany({ where: { userId: user.userId }, data: { expiresAt: new Date(Date.now() - 1000) } });
    const res = await callRoute(postsRoute.GET, { path: "/api/posts", headers: { cookie } });
    expect(res.status).toBe(401);
    expect(await db.session.count({ where: { userId: user.userId } })).toBe(0);
  });

  it("a session whose membership was removed is 401", async () => {
    const cookie = cookieFrom(await signIn(user.email, user.password));
    await db.membership.deleteMany({ where: { userId: user.userId } });
    expect((await callRoute(postsRoute.GET, { path: "/api/posts", headers: { cookie } })).status).toBe(401);
  });

  it("slides: a session last seen over a day ago is extended to 14 days and the cookie re-sent, once", async () => {
    const cookie = cookieFrom(await signIn(user.email, user.password));
    const token = cookie.split("=")[1] ?? "";
    const dayAgo = new Date(Date.now() - SESSION_REFRESH_MS - 60_000);
    await db.session.updateMany({
      where: { userId: user.userId },
      data: { lastSeenAt: dayAgo, expiresAt: new Date(Date.now() + 3_600_000) },
    });
    const res = await callRoute(postsRoute.GET, { path: "/api/posts", headers: { cookie } });
    expect(res.status).toBe(200);
    expect(res.headers.get("set-cookie")).toContain(`cadence_session=${token}`);
    const row = await db.session.findFirstOrThrow({ where: { userId: user.userId } });
    expect(Math.abs(row.expiresAt.getTime() - (Date.now() + SESSION_TTL_MS))).toBeLessThan(10_000);
    // The next request within the day changes nothing and sends no cookie.
    const again = await callRoute(postsRoute.GET, { path: "/api/posts", headers: { cookie } });
    expect(again.headers.get("set-cookie")).toBeNull();
    expect((await getSessionFromCookie({ db, token }))?.refreshed).toBe(false);
  });
});
