import { randomUUID } from "node:crypto";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import * as sessionRoute from "@/app/api/auth/session/route";
import * as signInRoute from "@/app/api/auth/sign-in/route";
import * as acceptRoute from "@/app/api/invitations/accept/route";
import * as resendRoute from "@/app/api/workspace/invitations/[id]/resend/route";
import * as invitationRoute from "@/app/api/workspace/invitations/[id]/route";
import * as invitationsRoute from "@/app/api/workspace/invitations/route";
import { hashOneTimeToken } from "@/lib/auth/one-time-token";
import { openSession } from "@/lib/auth/open-session";
import { getProducerRedis } from "@/lib/db/redis";
import { getEnv } from "@/lib/env";
import type { MembershipRole } from "@/lib/generated/prisma/enums";
import { callRoute, isolateAppSingletons } from "@/tests/helpers/call-route";
import { deleteMessagesTo, linkIn, listMessagesTo, waitForMessageTo } from "@/tests/helpers/mailpit";
import { setupTestWorkspaces } from "@/tests/helpers/test-workspaces";

// Invitations through the real routes, with the mail read back from the launcher's Mailpit (real SMTP).

const mailed: string[] = [];
const { db, createWorkspace, createUser } = setupTestWorkspaces({
  app: isolateAppSingletons(),
  async cleanup({ workspaceIds, userIds }) {
    const redis = getProducerRedis();
    for (const w of workspaceIds) for (const u of userIds) await redis.del(`cadence:invitations:${w}:${u}`);
    // Users made by accepting an invitation are not in userIds.
    await db.user.deleteMany({ where: { email: { in: mailed } } });
    for (const address of mailed.splice(0)) await deleteMessagesTo(address);
  },
});
const SAME = { origin: "http://localhost", host: "localhost" };

let workspaceId: string;
let owner: { userId: string; email: string; cookie: string };

function invitee(): string {
  const email = `invitee-${randomUUID()}@test.cadence.local`;
  mailed.push(email);
  return email;
}

async function sessionCookie(userId: string, inWorkspace = workspaceId): Promise<string> {
  const { token } = await openSession({ db, userId, workspaceId: inWorkspace });
  return `cadence_session=${token}`;
}

function invite(cookie: string, email: string, role: string = "EDITOR") {
  return callRoute(invitationsRoute.POST, {
    method: "POST",
    path: "/api/workspace/invitations",
    body: { email, role },
    headers: { ...SAME, cookie },
  });
}

function accept(token: string, body: Record<string, unknown> = {}, cookie?: string) {
  return callRoute(acceptRoute.POST, {
    method: "POST",
    path: "/api/invitations/accept",
    body: { token, ...body },
    headers: cookie ? { ...SAME, cookie } : SAME,
  });
}

/** The token of the newest invitation mail to `email` (the link's last path segment). */
async function tokenFromMail(email: string, count = 1): Promise<{ token: string; link: string }> {
  const message = await waitForMessageTo(email, { count });
  const link = linkIn(message, "/invite/");
  return { token: new URL(link).pathname.split("/").pop() ?? "", link };
}

async function memberRole(userId: string, inWorkspace = workspaceId): Promise<MembershipRole | undefined> {
  const m = await db.membership.findUnique({ where: { userId_workspaceId: { userId, workspaceId: inWorkspace } } });
  return m?.role;
}

beforeEach(async () => {
  const { workspace } = await createWorkspace({ name: `Acme ${randomUUID().slice(0, 6)}` });
  workspaceId = workspace.id;
  const user = await createUser({ workspaceIds: [workspaceId], name: "Olivia Owner" });
  owner = { userId: user.userId, email: user.email, cookie: await sessionCookie(user.userId) };
});

afterEach(async () => {
  await db.invitation.deleteMany({ where: { email: { in: mailed } } });
});

describe("inviting by email", () => {
  it("mails a link that a new person follows to set their own name and password and join with the role", async () => {
    const email = invitee();
    const res = await invite(owner.cookie, email.toUpperCase(), "VIEWER");
    expect(res.status).toBe(201);
    expect(res.json.invitation).toMatchObject({ email, role: "VIEWER", status: "pending" });
    expect(res.json.invitation.invitedBy).toMatchObject({ id: owner.userId, name: "Olivia Owner" });
    // Mailed: the API does not hand the link out as well.
    expect(res.json.delivery).toEqual({ sent: true });
    const expiresInMs = Date.parse(res.json.invitation.expiresAt) - Date.now();
    expect(Math.abs(expiresInMs - 7 * 24 * 3_600_000)).toBeLessThan(60_000);

    const message = await waitForMessageTo(email);
    expect(message.Subject).toContain("Olivia Owner invited you to Acme");
    expect(message.Text).toContain("as Viewer");
    const { token, link } = await tokenFromMail(email);
    expect(link.startsWith(`${getEnv().PUBLIC_URL ?? "http://localhost"}/invite/`)).toBe(true);
    expect(token).toMatch(/^[A-Za-z0-9_-]{43}$/);
    // Only the SHA-256 of the token is stored.
    const stored = await db.invitation.findFirstOrThrow({ where: { email, workspaceId } });
    expect(stored.tokenHash).toBe(hashOneTimeToken(token));
    expect(JSON.stringify(stored)).not.toContain(token);

    const accepted = await accept(token, { name: "Nina New", password: "a-long-password-1" });
    expect(accepted.status).toBe(201);
    expect(accepted.json).toMatchObject({ workspaceId, role: "VIEWER", accountCreated: true });
    const user = await db.user.findUniqueOrThrow({ where: { email } });
    expect(user.name).toBe("Nina New");
    expect(await memberRole(user.id)).toBe("VIEWER");

    // Signed in at once, in the joined workspace.
    const cookie = (accepted.headers.get("set-cookie") ?? "").split(";")[0] ?? "";
    const session = await callRoute(sessionRoute.GET, { path: "/api/auth/session", headers: { cookie } });
    expect(session.status).toBe(200);
    expect(session.json.workspace.id).toBe(workspaceId);
    expect(session.json.user.email).toBe(email);
    // And can sign in later with the password they chose.
    const signIn = await callRoute(signInRoute.POST, {
      method: "POST",
      path: "/api/auth/sign-in",
      body: { email, password: "a-long-password-1" },
      headers: SAME,
    });
    expect(signIn.status).toBe(200);

    // Single use.
    const again = await accept(token, { name: "Mallory", password: "another-password-2" });
    expect(again.status).toBe(409);
    expect(again.json.error.message).toBe("This invitation was already used");

    const list = await callRoute(invitationsRoute.GET, {
      path: "/api/workspace/invitations",
      headers: { cookie: owner.cookie },
    });
    expect(list.status).toBe(200);
    expect(list.json.invitations).toEqual([expect.objectContaining({ email, status: "accepted", role: "VIEWER" })]);
    const actions = await db.auditEvent.findMany({ where: { workspaceId }, orderBy: { createdAt: "asc" } });
    expect(actions.map((a) => [a.action, a.actorUserId])).toEqual([
      ["member.invited", owner.userId],
      ["member.joined", user.id],
    ]);
  });

  it("refuses an expired link and writes nothing", async () => {
    const email = invitee();
    expect((await invite(owner.cookie, email)).status).toBe(201);
    const { token } = await tokenFromMail(email);
    await db.invitation.updateMany({ where: { email }, data: { expiresAt: new Date(Date.now() - 1_000) } });
    const res = await accept(token, { name: "Late", password: "a-long-password-1" });
    expect(res.status).toBe(409);
    expect(res.json.error.message).toBe("This invitation has expired: ask for a new one");
    expect(await db.user.findUnique({ where: { email } })).toBeNull();
  });

  it("refuses a revoked link; revoking again changes nothing", async () => {
    const email = invitee();
    const created = await invite(owner.cookie, email);
    const { token } = await tokenFromMail(email);
    const revoke = () =>
      callRoute(invitationRoute.DELETE, {
        method: "DELETE",
        path: `/api/workspace/invitations/${created.json.invitation.id}`,
        params: { id: created.json.invitation.id },
        headers: { ...SAME, cookie: owner.cookie },
      });
    const res = await revoke();
    expect(res.status).toBe(200);
    expect(res.json.invitation.status).toBe("revoked");
    expect((await revoke()).json.invitation.status).toBe("revoked");
    const refused = await accept(token, { name: "Rev", password: "a-long-password-1" });
    expect(refused.status).toBe(409);
    expect(refused.json.error.message).toBe("This invitation was revoked");
    expect(await db.user.findUnique({ where: { email } })).toBeNull();
    expect(await db.auditEvent.count({ where: { workspaceId, action: "member.invitation_revoked" } })).toBe(1);
  });

  it("resends with a new link: the old one stops working, the new one works", async () => {
    const email = invitee();
    const created = await invite(owner.cookie, email, "APPROVER");
    const first = await tokenFromMail(email);
    const resent = await callRoute(resendRoute.POST, {
      method: "POST",
      path: `/api/workspace/invitations/${created.json.invitation.id}/resend`,
      params: { id: created.json.invitation.id },
      headers: { ...SAME, cookie: owner.cookie },
    });
    expect(resent.status).toBe(200);
    expect(resent.json.delivery).toEqual({ sent: true });
    const second = await tokenFromMail(email, 2);
    expect(second.token).not.toBe(first.token);
    const old = await accept(first.token, { name: "Old", password: "a-long-password-1" });
    expect(old.status).toBe(404);
    const ok = await accept(second.token, { name: "New", password: "a-long-password-1" });
    expect(ok.status).toBe(201);
    expect(await memberRole(ok.json.userId)).toBe("APPROVER");
  });

  it("an existing account must sign in first, then accepts as itself (not as someone else)", async () => {
    const { workspace: other } = await createWorkspace({ name: "Elsewhere" });
    const email = invitee();
    const existing = await createUser({ workspaceIds: [other.id], email });
    expect((await invite(owner.cookie, email, "ADMIN")).status).toBe(201);
    const { token } = await tokenFromMail(email);

    const anonymous = await accept(token, { name: "X", password: "a-long-password-1" });
    expect(anonymous.status).toBe(401);
    expect(anonymous.json.error.details.signIn).toBe(`/sign-in?next=${encodeURIComponent(`/invite/${token}`)}`);
    expect(await memberRole(existing.userId)).toBeUndefined();

    const stranger = await createUser({ workspaceIds: [other.id] });
    const wrong = await accept(token, {}, await sessionCookie(stranger.userId, other.id));
    expect(wrong.status).toBe(403);
    expect(wrong.json.error.message).toContain(`This invitation is for ${email}`);

    const cookie = await sessionCookie(existing.userId, other.id);
    const ok = await accept(token, {}, cookie);
    expect(ok.status).toBe(200);
    expect(ok.json).toMatchObject({ workspaceId, role: "ADMIN", accountCreated: false });
    expect(await memberRole(existing.userId)).toBe("ADMIN");
    // The session now shows the joined workspace.
    const session = await callRoute(sessionRoute.GET, { path: "/api/auth/session", headers: { cookie } });
    expect(session.json.workspace.id).toBe(workspaceId);
  });
});

describe("who may invite, and what is refused", () => {
  it("an Editor or Viewer cannot invite (403 naming members:manage); nothing is written or sent", async () => {
    for (const role of ["EDITOR", "VIEWER", "APPROVER"] as const) {
      const member = await createUser({ workspaceIds: [] });
      await db.membership.create({ data: { userId: member.userId, workspaceId, role } });
      const email = invitee();
      const res = await invite(await sessionCookie(member.userId), email);
      expect(res.status).toBe(403);
      expect(res.json.error.message).toContain("members:manage");
      expect(await db.invitation.count({ where: { email } })).toBe(0);
    }
  });

  it("an Admin can invite", async () => {
    const admin = await createUser({ workspaceIds: [] });
    await db.membership.create({ data: { userId: admin.userId, workspaceId, role: "ADMIN" } });
    expect((await invite(await sessionCookie(admin.userId), invitee())).status).toBe(201);
  });

  it("refuses an API token (invitations come from a person)", async () => {
    const { token } = await createWorkspace({ name: "Tokened" });
    const res = await callRoute(invitationsRoute.POST, {
      method: "POST",
      path: "/api/workspace/invitations",
      token,
      body: { email: invitee(), role: "EDITOR" },
    });
    expect(res.status).toBe(403);
    expect(res.json.error.message).toContain("members:manage");
  });

  it("another workspace's invitation is 404 for resend and revoke", async () => {
    const email = invitee();
    const created = await invite(owner.cookie, email);
    const { workspace: other } = await createWorkspace({ name: "Other" });
    const otherOwner = await createUser({ workspaceIds: [other.id] });
    const cookie = await sessionCookie(otherOwner.userId, other.id);
    const id = created.json.invitation.id as string;
    const resend = await callRoute(resendRoute.POST, {
      method: "POST",
      path: `/api/workspace/invitations/${id}/resend`,
      params: { id },
      headers: { ...SAME, cookie },
    });
    expect(resend.status).toBe(404);
    const revoke = await callRoute(invitationRoute.DELETE, {
      method: "DELETE",
      path: `/api/workspace/invitations/${id}`,
      params: { id },
      headers: { ...SAME, cookie },
    });
    expect(revoke.status).toBe(404);
    expect((await db.invitation.findUniqueOrThrow({ where: { id } })).revokedAt).toBeNull();
  });

  it.each([
    [{ email: "not-an-email", role: "EDITOR" }, "email"],
    [{ email: "a@b.example", role: "OWNER" }, "role"],
    [{ email: "a@b.example", role: "MEMBER" }, "role"],
    [{ email: "a@b.example" }, "role"],
  ])("refuses %j with 400 naming %s", async (body, field) => {
    const res = await callRoute(invitationsRoute.POST, {
      method: "POST",
      path: "/api/workspace/invitations",
      body,
      headers: { ...SAME, cookie: owner.cookie },
    });
    expect(res.status).toBe(400);
    expect(res.json.error.message).toBe(`Invalid body: ${field}`);
    expect(await db.invitation.count({ where: { workspaceId } })).toBe(0);
  });

  it("refuses a member's email and a second pending invitation (409)", async () => {
    const member = await invite(owner.cookie, owner.email);
    expect(member.status).toBe(409);
    expect(member.json.error.message).toBe(`${owner.email} is already a member of this workspace`);
    const email = invitee();
    const first = await invite(owner.cookie, email);
    const second = await invite(owner.cookie, email);
    expect(second.status).toBe(409);
    expect(second.json.error.details).toEqual({ invitationId: first.json.invitation.id });
  });

  it("two invitations of one email sent at once: one is made, the other is 409", async () => {
    const email = invitee();
    const results = await Promise.all([invite(owner.cookie, email), invite(owner.cookie, email)]);
    expect(results.map((r) => r.status).sort()).toEqual([201, 409]);
    expect(await db.invitation.count({ where: { workspaceId, email } })).toBe(1);
    await waitForMessageTo(email);
    expect(await listMessagesTo(email)).toHaveLength(1);
  });

  it(`refuses the invitation past INVITATIONS_PER_HOUR per inviter and workspace (429), sending nothing`, async () => {
    const limit = getEnv().INVITATIONS_PER_HOUR;
    for (let i = 0; i < limit; i++) expect((await invite(owner.cookie, invitee())).status).toBe(201);
    const email = invitee();
    const res = await invite(owner.cookie, email);
    expect(res.status).toBe(429);
    expect(res.json.error.message).toContain(`at most ${limit} invitations an hour`);
    expect(Number(res.headers.get("retry-after"))).toBeGreaterThan(0);
    expect(await db.invitation.count({ where: { workspaceId } })).toBe(limit);
    expect(await listMessagesTo(email)).toEqual([]);
  });
});
