import { beforeEach, describe, expect, it } from "vitest";
import * as auditRoute from "@/app/api/audit/route";
import * as sessionRoute from "@/app/api/auth/session/route";
import * as postsRoute from "@/app/api/posts/route";
import * as memberRoute from "@/app/api/workspace/members/[userId]/route";
import * as membersRoute from "@/app/api/workspace/members/route";
import * as ownershipRoute from "@/app/api/workspace/ownership/route";
import { recordAuditEvent } from "@/lib/audit/record-audit-event";
import type { MembershipRole } from "@/lib/generated/prisma/enums";
import { callRoute, isolateAppSingletons } from "@/tests/helpers/call-route";
import { signInAs } from "@/tests/helpers/team";
import { setupTestWorkspaces, type TestMember } from "@/tests/helpers/test-workspaces";

// The Team API: members with role and last activity, role changes, removal (sessions end at once), ownership
// transfer, each written to the audit log, which Owners and Admins read newest first.

const { db, createWorkspace, createMember } = setupTestWorkspaces({ app: isolateAppSingletons() });
let workspaceId: string;
let otherWorkspaceId: string;
type Member = TestMember;
let owner: Member;
let admin: Member;
let editor: Member;
let viewer: Member;

const member = (role: MembershipRole, name: string, inWorkspace = workspaceId) =>
  createMember({ workspaceId: inWorkspace, role, name });

const patchRole = (as: Member, userId: string, role: string) =>
  callRoute(memberRoute.PATCH, {
    method: "PATCH",
    path: `/api/workspace/members/${userId}`,
    params: { userId },
    body: { role },
    headers: as.headers,
  });
const remove = (as: Member, userId: string) =>
  callRoute(memberRoute.DELETE, {
    method: "DELETE",
    path: `/api/workspace/members/${userId}`,
    params: { userId },
    headers: as.headers,
  });
const roleOf = async (userId: string, ws = workspaceId) =>
  (await db.membership.findUnique({ where: { userId_workspaceId: { userId, workspaceId: ws } } }))?.role ?? null;
const audit = (as: Member, query = "") =>
  callRoute(auditRoute.GET, { path: `/api/audit${query}`, headers: as.headers });

beforeEach(async () => {
  workspaceId = (await createWorkspace({ name: "Agency" })).workspace.id;
  otherWorkspaceId = (await createWorkspace({ name: "Other client" })).workspace.id;
  owner = await member("OWNER", "Olga Owner");
  admin = await member("ADMIN", "Ada Admin");
  editor = await member("EDITOR", "Ed Editor");
  viewer = await member("VIEWER", "Vi Viewer");
});

describe("GET /api/workspace/members", () => {
  it("lists the team with role, email and last activity (latest session use), Owners first", async () => {
    const seen = new Date("2026-11-20T10:00:00Z");
    await db.session.updateMany({ where: { userId: editor.userId }, data: { lastSeenAt: seen } });
    const res = await callRoute(membersRoute.GET, { path: "/api/workspace/members", headers: viewer.headers });
    expect(res.status).toBe(200);
    expect(res.json.members.map((m: { name: string; role: string }) => `${m.role} ${m.name}`)).toEqual([
      "OWNER Olga Owner",
      "ADMIN Ada Admin",
      "EDITOR Ed Editor",
      "VIEWER Vi Viewer",
    ]);
    const ed = res.json.members.find((m: { userId: string }) => m.userId === editor.userId);
    expect(ed.lastActiveAt).toBe(seen.toISOString());
    expect(ed.email).toMatch(/@test\.cadence\.local$/);
    expect(JSON.stringify(res.json)).not.toMatch(/passwordHash|tokenHash|argon2/);
  });
});

describe("PATCH /api/workspace/members/:userId", () => {
  it("lets an Admin change an Editor to Viewer, effective on the member's next request, and audits it", async () => {
    const res = await patchRole(admin, editor.userId, "VIEWER");
    expect(res.status).toBe(200);
    expect(res.json).toEqual({ userId: editor.userId, role: "VIEWER" });
    expect(await roleOf(editor.userId)).toBe("VIEWER");
    const write = await callRoute(postsRoute.POST, {
      method: "POST",
      path: "/api/posts",
      body: { content: "x", channelIds: [] },
      headers: editor.headers,
    });
    expect(write.status).toBe(403);
    expect(write.json.error.message).toBe("your role (Viewer) cannot posts:write");
    const events = await audit(owner);
    expect(events.json.items[0]).toMatchObject({
      action: "member.role_changed",
      target: `user:${editor.userId}`,
      details: { from: "EDITOR", to: "VIEWER" },
      actor: { id: admin.userId, name: "Ada Admin" },
    });
  });

  it("refuses an Admin making or unmaking an Owner (403 naming ownership:transfer); an Owner may", async () => {
    for (const [target, role] of [
      [editor.userId, "OWNER"],
      [owner.userId, "ADMIN"],
    ] as const) {
      const res = await patchRole(admin, target, role);
      expect(res.status).toBe(403);
      expect(res.json.error.message).toContain("ownership:transfer");
    }
    expect(await roleOf(editor.userId)).toBe("EDITOR");
    expect(await roleOf(owner.userId)).toBe("OWNER");
    expect((await patchRole(owner, editor.userId, "OWNER")).status).toBe(200);
    expect(await roleOf(editor.userId)).toBe("OWNER");
  });

  it("keeps the last Owner (409) and refuses Editors, unknown roles, and other workspaces' members", async () => {
    const last = await patchRole(owner, owner.userId, "ADMIN");
    expect(last.status).toBe(409);
    expect(last.json.error.message).toContain("last Owner");
    expect(await roleOf(owner.userId)).toBe("OWNER");

    const byEditor = await patchRole(editor, viewer.userId, "EDITOR");
    expect(byEditor.status).toBe(403);
    expect(byEditor.json.error.message).toBe("your role (Editor) cannot members:manage");

    expect((await patchRole(admin, viewer.userId, "SUPERUSER")).status).toBe(400);
    const stranger = await member("EDITOR", "Stranger", otherWorkspaceId);
    expect((await patchRole(admin, stranger.userId, "VIEWER")).status).toBe(404);
    expect(await roleOf(stranger.userId, otherWorkspaceId)).toBe("EDITOR");
    expect(await roleOf(viewer.userId)).toBe("VIEWER");
  });
});

describe("DELETE /api/workspace/members/:userId", () => {
  it("removes the member and ends their sessions in this workspace at once; other workspaces keep theirs", async () => {
    const elsewhere = await signInAs(db, { userId: editor.userId, workspaceId: otherWorkspaceId, role: "EDITOR" });
    const res = await remove(admin, editor.userId);
    expect(res.status).toBe(200);
    expect(res.json).toEqual({ userId: editor.userId, sessionsEnded: 1 });
    expect(await roleOf(editor.userId)).toBeNull();
    const here = await callRoute(sessionRoute.GET, { path: "/api/auth/session", headers: { cookie: editor.cookie } });
    expect(here.status).toBe(401);
    const there = await callRoute(sessionRoute.GET, {
      path: "/api/auth/session",
      headers: { cookie: elsewhere.cookie },
    });
    expect(there.status).toBe(200);
    expect(there.json.workspace.id).toBe(otherWorkspaceId);
    expect((await audit(admin)).json.items[0]).toMatchObject({
      action: "member.removed",
      target: `user:${editor.userId}`,
      details: { role: "EDITOR", sessionsEnded: 1 },
    });
  });

  it("refuses an Admin removing an Owner, and the last Owner leaving", async () => {
    expect((await remove(admin, owner.userId)).status).toBe(403);
    expect((await remove(owner, owner.userId)).status).toBe(409);
    expect(await roleOf(owner.userId)).toBe("OWNER");
    expect((await remove(viewer, admin.userId)).status).toBe(403);
    expect(await roleOf(admin.userId)).toBe("ADMIN");
  });
});

describe("POST /api/workspace/ownership", () => {
  const transfer = (as: Member, userId: string) =>
    callRoute(ownershipRoute.POST, {
      method: "POST",
      path: "/api/workspace/ownership",
      body: { userId },
      headers: as.headers,
    });

  it("makes the member Owner and the old Owner Admin, audited", async () => {
    const res = await transfer(owner, editor.userId);
    expect(res.status).toBe(200);
    expect(await roleOf(editor.userId)).toBe("OWNER");
    expect(await roleOf(owner.userId)).toBe("ADMIN");
    expect((await audit(editor)).json.items[0]).toMatchObject({
      action: "ownership.transferred",
      target: `user:${editor.userId}`,
      actor: { id: owner.userId },
    });
    // The old owner cannot transfer again.
    const again = await transfer(owner, viewer.userId);
    expect(again.status).toBe(403);
    expect(again.json.error.message).toBe("your role (Admin) cannot ownership:transfer");
  });

  it("refuses an Admin, oneself (422) and a non-member (404), changing nothing", async () => {
    expect((await transfer(admin, editor.userId)).status).toBe(403);
    expect((await transfer(owner, owner.userId)).status).toBe(422);
    const stranger = await member("EDITOR", "Stranger", otherWorkspaceId);
    expect((await transfer(owner, stranger.userId)).status).toBe(404);
    expect(await roleOf(owner.userId)).toBe("OWNER");
    expect(await db.auditEvent.count({ where: { workspaceId } })).toBe(0);
  });
});

describe("GET /api/audit", () => {
  it("pages newest first for Owners and Admins only, and never shows another workspace's events", async () => {
    for (let i = 0; i < 5; i++)
      await recordAuditEvent({
        db,
        workspaceId,
        actorUserId: owner.userId,
        action: "settings.changed",
        details: { n: i },
      });
    await recordAuditEvent({ db, workspaceId: otherWorkspaceId, actorUserId: null, action: "token.created" });
    const first = await audit(admin, "?limit=2");
    expect(first.status).toBe(200);
    expect(first.json.items.map((e: { details: { n: number } }) => e.details.n)).toEqual([4, 3]);
    const second = await audit(admin, `?limit=2&cursor=${first.json.nextCursor}`);
    expect(second.json.items.map((e: { details: { n: number } }) => e.details.n)).toEqual([2, 1]);
    const third = await audit(admin, `?limit=2&cursor=${second.json.nextCursor}`);
    expect(third.json.items.map((e: { details: { n: number } }) => e.details.n)).toEqual([0]);
    expect(third.json.nextCursor).toBeNull();

    for (const who of [editor, viewer]) {
      const res = await audit(who);
      expect(res.status).toBe(403);
      expect(Object.keys(res.json)).toEqual(["error"]);
      expect(res.json.error.message).toContain("audit:read");
    }
    const foreign = await db.auditEvent.findFirstOrThrow({ where: { workspaceId: otherWorkspaceId } });
    expect((await audit(admin, `?cursor=${foreign.id}`)).status).toBe(400);
    expect((await audit(admin, "?limit=0")).status).toBe(400);
  });
});
