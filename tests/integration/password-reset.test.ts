import { createHash, randomUUID } from "node:crypto";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import * as auditRoute from "@/app/api/audit/route";
import * as confirmRoute from "@/app/api/auth/password-reset/confirm/route";
import * as resetRoute from "@/app/api/auth/password-reset/route";
import * as sessionRoute from "@/app/api/auth/session/route";
import * as signInRoute from "@/app/api/auth/sign-in/route";
import { CLIENT_ADDRESS_HEADER } from "@/lib/api/client-address";
import { hashOneTimeToken } from "@/lib/auth/one-time-token";
import { openSession } from "@/lib/auth/open-session";
import { getProducerRedis } from "@/lib/db/redis";
import { getEnv } from "@/lib/env";
import { setUserPassword } from "@/lib/password-reset/set-user-password";
import { callRoute, isolateAppSingletons, TEST_CLIENT_ADDRESS } from "@/tests/helpers/call-route";
import { deleteMessagesTo, linkIn, listMessagesTo, waitForMessageTo } from "@/tests/helpers/mailpit";
import { setupTestWorkspaces } from "@/tests/helpers/test-workspaces";

// "Forgot password" through the real routes, with the mail read from the launcher's Mailpit.

const sha = (s: string) => createHash("sha256").update(s).digest("hex");
const addresses: string[] = [];
const emails: string[] = [];
const { db, createWorkspace, createUser } = setupTestWorkspaces({
  app: isolateAppSingletons(),
  async cleanup() {
    const redis = getProducerRedis();
    for (const a of addresses.splice(0)) await redis.del(`cadence:password-reset:address:${sha(a)}`);
    for (const e of emails.splice(0)) {
      await redis.del(`cadence:password-reset:email:${sha(e)}`);
      await deleteMessagesTo(e);
    }
  },
});
const SAME = { origin: "http://localhost", host: "localhost" };

let user: { userId: string; email: string; password: string };
let workspaceId: string;

/** A client address of this test's own, so the per-address counter starts at zero. */
function freshAddress(): string {
  const address = `198.19.${Math.floor(Math.random() * 256)}.${1 + Math.floor(Math.random() * 254)}`;
  addresses.push(address);
  return address;
}

function requestReset(email: string, address = TEST_CLIENT_ADDRESS) {
  return callRoute(resetRoute.POST, {
    method: "POST",
    path: "/api/auth/password-reset",
    body: { email },
    headers: { ...SAME, [CLIENT_ADDRESS_HEADER]: address },
  });
}

function confirm(token: string, password: string) {
  return callRoute(confirmRoute.POST, {
    method: "POST",
    path: "/api/auth/password-reset/confirm",
    body: { token, password },
    headers: SAME,
  });
}

async function resetToken(email: string, count = 1): Promise<string> {
  const link = linkIn(await waitForMessageTo(email, { count }), "/reset/");
  expect(link.startsWith(`${getEnv().PUBLIC_URL ?? "http://localhost"}/reset/`)).toBe(true);
  return new URL(link).pathname.split("/").pop() ?? "";
}

beforeEach(async () => {
  const { workspace } = await createWorkspace({ name: "Resets" });
  workspaceId = workspace.id;
  user = await createUser({ workspaceIds: [workspaceId], email: `reset-${randomUUID()}@test.cadence.local` });
  emails.push(user.email);
});

afterEach(async () => {
  await db.passwordResetToken.deleteMany({ where: { userId: user.userId } });
});

describe("password reset", () => {
  it("mails a one-hour link; setting a new password ends every session and the old password", async () => {
    const { token: sessionToken } = await openSession({ db, userId: user.userId, workspaceId });
    const res = await requestReset(user.email.toUpperCase(), freshAddress());
    expect(res.status).toBe(202);
    expect(res.json.status).toBe("accepted");
    const message = await waitForMessageTo(user.email);
    expect(message.Subject).toBe("Reset your Cadence password");
    const token = await resetToken(user.email);
    const stored = await db.passwordResetToken.findFirstOrThrow({ where: { userId: user.userId } });
    expect(stored.tokenHash).toBe(hashOneTimeToken(token));
    expect(Math.abs(stored.expiresAt.getTime() - stored.createdAt.getTime() - 3_600_000)).toBe(0);

    const done = await confirm(token, "brand-new-password-9");
    expect(done.status).toBe(200);
    expect(done.json).toEqual({ passwordChanged: true, sessionsEnded: 1 });
    const old = await callRoute(sessionRoute.GET, {
      path: "/api/auth/session",
      headers: { cookie: `cadence_session=${sessionToken}` },
    });
    expect(old.status).toBe(401);
    const signIn = (password: string) =>
      callRoute(signInRoute.POST, {
        method: "POST",
        path: "/api/auth/sign-in",
        body: { email: user.email, password },
        headers: SAME,
      });
    expect((await signIn(user.password)).status).toBe(401);
    expect((await signIn("brand-new-password-9")).status).toBe(200);

    // Single use.
    const again = await confirm(token, "third-password-000");
    expect(again.status).toBe(409);
    expect(again.json.error.message).toBe("This reset link was already used");
    expect((await signIn("third-password-000")).status).toBe(401);
  });

  it("answers an unknown email exactly like a known one, and sends nothing", async () => {
    const unknown = `nobody-${randomUUID()}@test.cadence.local`;
    emails.push(unknown);
    const address = freshAddress();
    const a = await requestReset(unknown, address);
    const b = await requestReset(user.email, address);
    expect(a.status).toBe(202);
    expect(a.json).toEqual(b.json);
    await waitForMessageTo(user.email);
    expect(await listMessagesTo(unknown)).toEqual([]);
  });

  it("refuses an expired link, an unknown link and a too-short password, changing nothing", async () => {
    await requestReset(user.email, freshAddress());
    const token = await resetToken(user.email);
    const short = await confirm(token, "short");
    expect(short.status).toBe(400);
    expect(short.json.error.message).toBe("Invalid body: password");
    const unknown = await confirm("A".repeat(43), "brand-new-password-9");
    expect(unknown.status).toBe(404);
    await db.passwordResetToken.updateMany({
      where: { userId: user.userId },
      data: { expiresAt: new Date(Date.now() - 1) },
    });
    const expired = await confirm(token, "brand-new-password-9");
    expect(expired.status).toBe(409);
    expect(expired.json.error.message).toBe("This reset link has expired: ask for a new one");
    const row = await db.user.findUniqueOrThrow({ where: { id: user.userId } });
    const signIn = await callRoute(signInRoute.POST, {
      method: "POST",
      path: "/api/auth/sign-in",
      body: { email: user.email, password: user.password },
      headers: SAME,
    });
    expect(signIn.status).toBe(200);
    expect(row.passwordHash).not.toContain("brand-new");
  });

  it("a newer link replaces the older one", async () => {
    const address = freshAddress();
    await requestReset(user.email, address);
    const first = await resetToken(user.email);
    await requestReset(user.email, address);
    const second = await resetToken(user.email, 2);
    expect(second).not.toBe(first);
    expect((await confirm(first, "brand-new-password-9")).status).toBe(404);
    expect((await confirm(second, "brand-new-password-9")).status).toBe(200);
  });

  it("past PASSWORD_RESETS_PER_EMAIL_PER_HOUR still answers 202 but mails nothing more", async () => {
    const limit = getEnv().PASSWORD_RESETS_PER_EMAIL_PER_HOUR;
    for (let i = 0; i < limit + 2; i++) expect((await requestReset(user.email, freshAddress())).status).toBe(202);
    await waitForMessageTo(user.email, { count: limit });
    // The (limit + 1)th and later were never sent: no message beyond the limit arrives.
    expect((await listMessagesTo(user.email)).length).toBe(limit);
  });

  it("past PASSWORD_RESETS_PER_ADDRESS_PER_HOUR from one address answers 429 naming it", async () => {
    const limit = getEnv().PASSWORD_RESETS_PER_ADDRESS_PER_HOUR;
    const address = freshAddress();
    for (let i = 0; i < limit; i++) {
      const other = `probe-${randomUUID()}@test.cadence.local`;
      emails.push(other);
      expect((await requestReset(other, address)).status).toBe(202);
    }
    const res = await requestReset(user.email, address);
    expect(res.status).toBe(429);
    expect(res.json.error.message).toContain("Too many password reset requests from your address");
    expect(Number(res.headers.get("retry-after"))).toBeGreaterThan(0);
    expect(await db.passwordResetToken.count({ where: { userId: user.userId } })).toBe(0);
  });

  it("the CLI's set-password (no SMTP) sets the password and ends every session; refuses a short one", async () => {
    const { token: sessionToken } = await openSession({ db, userId: user.userId, workspaceId });
    await expect(setUserPassword({ db, email: user.email, password: "short" })).rejects.toThrow(
      "Password must be 10 to 256 characters long",
    );
    await expect(
      setUserPassword({ db, email: "nobody@test.cadence.local", password: "long-enough-pw-1" }),
    ).rejects.toThrow("No user with email nobody@test.cadence.local");
    const done = await setUserPassword({ db, email: user.email.toUpperCase(), password: "operator-set-pw-1" });
    expect(done).toEqual({ userId: user.userId, sessionsEnded: 1 });
    const old = await callRoute(sessionRoute.GET, {
      path: "/api/auth/session",
      headers: { cookie: `cadence_session=${sessionToken}` },
    });
    expect(old.status).toBe(401);
    const signIn = await callRoute(signInRoute.POST, {
      method: "POST",
      path: "/api/auth/sign-in",
      body: { email: user.email, password: "operator-set-pw-1" },
      headers: SAME,
    });
    expect(signIn.status).toBe(200);
  });

  it("audits a reset asked for and a reset done in every workspace of the user, and nowhere else", async () => {
    const { workspace: second } = await createWorkspace({ name: "Resets two" });
    const { workspace: elsewhere } = await createWorkspace({ name: "Not theirs" });
    await db.membership.create({ data: { userId: user.userId, workspaceId: second.id, role: "VIEWER" } });
    const admin = await createUser({ workspaceIds: [second.id], role: "ADMIN", name: "Second Admin" });
    const events = (workspace: string) =>
      db.auditEvent.findMany({
        where: { workspaceId: workspace, target: `user:${user.userId}` },
        orderBy: [{ createdAt: "asc" }, { id: "asc" }],
        select: { action: true, actorUserId: true, details: true },
      });

    // An unknown email records nothing anywhere.
    const requested = () => db.auditEvent.count({ where: { action: "password.reset_requested" } });
    const before = await requested();
    const unknown = `nobody-${randomUUID()}@test.cadence.local`;
    emails.push(unknown);
    expect((await requestReset(unknown, freshAddress())).status).toBe(202);
    expect(await requested()).toBe(before);

    await requestReset(user.email, freshAddress());
    const token = await resetToken(user.email);
    for (const w of [workspaceId, second.id])
      expect(await events(w)).toEqual([{ action: "password.reset_requested", actorUserId: null, details: null }]);

    expect((await confirm(token, "brand-new-password-9")).status).toBe(200);
    // A refused second use records nothing more.
    expect((await confirm(token, "third-password-000")).status).toBe(409);
    for (const w of [workspaceId, second.id])
      expect(await events(w)).toEqual([
        { action: "password.reset_requested", actorUserId: null, details: null },
        { action: "password.reset", actorUserId: user.userId, details: { sessionsEnded: 0 } },
      ]);
    expect(await db.auditEvent.count({ where: { workspaceId: elsewhere.id } })).toBe(0);

    // The second workspace's Admin reads them in GET /api/audit, the person named.
    const { token: adminSession } = await openSession({ db, userId: admin.userId, workspaceId: second.id });
    const audit = await callRoute(auditRoute.GET, {
      path: "/api/audit",
      headers: { cookie: `cadence_session=${adminSession}` },
    });
    expect(audit.status).toBe(200);
    expect(
      audit.json.items.map((e: { action: string; actor: { id: string } | null; targetUser: { email: string } }) => [
        e.action,
        e.actor?.id ?? null,
        e.targetUser.email,
      ]),
    ).toEqual([
      ["password.reset", user.userId, user.email],
      ["password.reset_requested", null, user.email],
    ]);
  });

  it("audits the CLI's set-password as the CLI in every workspace of the user; a refused one records nothing", async () => {
    const { workspace: second } = await createWorkspace({ name: "Resets two" });
    await db.membership.create({ data: { userId: user.userId, workspaceId: second.id, role: "EDITOR" } });
    await expect(setUserPassword({ db, email: user.email, password: "short" })).rejects.toThrow();
    expect(await db.auditEvent.count({ where: { target: `user:${user.userId}` } })).toBe(0);
    await openSession({ db, userId: user.userId, workspaceId });
    await setUserPassword({ db, email: user.email, password: "operator-set-pw-1" });
    const rows = await db.auditEvent.findMany({
      where: { target: `user:${user.userId}` },
      select: { workspaceId: true, action: true, actorUserId: true, details: true },
      orderBy: { workspaceId: "asc" },
    });
    expect(rows).toEqual(
      [workspaceId, second.id].sort().map((w) => ({
        workspaceId: w,
        action: "password.set",
        actorUserId: null,
        details: { by: "cli", sessionsEnded: 1 },
      })),
    );
  });
});
