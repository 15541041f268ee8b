import { execFile } from "node:child_process";
import { randomUUID } from "node:crypto";
import { promisify } from "node:util";
import { describe, expect, it } from "vitest";
import * as auditRoute from "@/app/api/audit/route";
import { openSession } from "@/lib/auth/open-session";
import { callRoute, isolateAppSingletons } from "@/tests/helpers/call-route";
import { setupTestWorkspaces } from "@/tests/helpers/test-workspaces";

// Every change the operator CLI (scripts/cadence.ts) makes to a workspace's tokens and members lands in that
// workspace's audit log with no actor and details.by "cli", and reads sensibly through GET /api/audit.

const run = promisify(execFile);
const made: { workspaceIds: string[]; emails: string[] } = { workspaceIds: [], emails: [] };
const { db, createWorkspace, createUser } = setupTestWorkspaces({
  app: isolateAppSingletons(),
  async cleanup() {
    await db.user.deleteMany({ where: { email: { in: made.emails.splice(0) } } });
    await db.workspace.deleteMany({ where: { id: { in: made.workspaceIds.splice(0) } } });
  },
});

async function cli(args: string[], input?: string): Promise<{ code: number; stdout: string; stderr: string }> {
  try {
    const child = run(process.execPath, ["--import", "./scripts/tsx-loader.mjs", "scripts/cadence.ts", ...args], {
      env: process.env,
    });
    if (input !== undefined) child.child.stdin?.end(input);
    const { stdout, stderr } = await child;
    return { code: 0, stdout, stderr };
  } catch (error) {
    const e = error as { code: number; stdout: string; stderr: string };
    return { code: e.code, stdout: e.stdout, stderr: e.stderr };
  }
}

const events = (workspaceId: string) =>
  db.auditEvent.findMany({
    where: { workspaceId },
    orderBy: [{ createdAt: "asc" }, { id: "asc" }],
    select: { action: true, actorUserId: true, target: true, details: true },
  });

describe("the operator CLI's changes are audited as the CLI", () => {
  it("workspace create, token create and revoke, user create and set-password", async () => {
    const created = await cli(["workspace", "create", "--name", "CLI audited", "--timezone", "Europe/Berlin"]);
    expect(created.code, created.stderr).toBe(0);
    const workspaceId = /Workspace (\S+) /.exec(created.stdout)?.[1] ?? "";
    made.workspaceIds.push(workspaceId);
    const first = await db.apiToken.findFirstOrThrow({ where: { workspaceId } });

    const token = await cli(["token", "create", "--workspace", workspaceId, "--name", "zapier", "--scope", "read"]);
    expect(token.code, token.stderr).toBe(0);
    const tokenId = /Token (\S+) /.exec(token.stdout)?.[1] ?? "";
    const tokenRow = await db.apiToken.findUniqueOrThrow({ where: { id: tokenId } });
    expect((await cli(["token", "revoke", "--id", tokenId])).code).toBe(0);
    // Revoking again changes nothing and records nothing.
    expect((await cli(["token", "revoke", "--id", tokenId])).code).toBe(0);

    const email = `cli-${randomUUID()}@test.cadence.local`;
    made.emails.push(email);
    const user = await cli([
      "user",
      "create",
      "--email",
      email,
      "--workspace",
      workspaceId,
      "--password",
      "long-enough-pw-1",
      "--role",
      "VIEWER",
    ]);
    expect(user.code, user.stderr).toBe(0);
    const userId = (await db.user.findUniqueOrThrow({ where: { email } })).id;
    const set = await cli(["user", "set-password", "--email", email, "--password-stdin"], "another-long-pw-2\n");
    expect(set.code, set.stderr).toBe(0);

    expect(await events(workspaceId)).toEqual([
      {
        action: "workspace.created",
        actorUserId: null,
        target: `workspace:${workspaceId}`,
        details: { name: "CLI audited", timezone: "Europe/Berlin", by: "cli" },
      },
      {
        action: "token.created",
        actorUserId: null,
        target: `token:${first.id}`,
        details: { name: "default", prefix: first.prefix, scope: "write", by: "cli" },
      },
      {
        action: "token.created",
        actorUserId: null,
        target: `token:${tokenId}`,
        details: { name: "zapier", prefix: tokenRow.prefix, scope: "read", by: "cli" },
      },
      {
        action: "token.revoked",
        actorUserId: null,
        target: `token:${tokenId}`,
        details: { name: "zapier", prefix: tokenRow.prefix, by: "cli" },
      },
      {
        action: "member.added",
        actorUserId: null,
        target: `user:${userId}`,
        details: { email, role: "VIEWER", by: "cli" },
      },
      {
        action: "password.set",
        actorUserId: null,
        target: `user:${userId}`,
        details: { by: "cli", sessionsEnded: 0 },
      },
    ]);
  });

  it("refused commands record nothing; an Owner reads the CLI's events through GET /api/audit", async () => {
    const { workspace } = await createWorkspace({ name: "CLI refusals" });
    const owner = await createUser({ workspaceIds: [workspace.id], name: "Olive Owner" });
    const taken = await createUser({ workspaceIds: [workspace.id], role: "EDITOR" });
    const bad = await cli(["token", "create", "--workspace", workspace.id, "--name", "x", "--scope", "admin"]);
    expect(bad.code).toBe(2);
    const unknown = await cli(["token", "revoke", "--id", "no-such-token"]);
    expect(unknown.code).toBe(1);
    const exists = await cli([
      "user",
      "create",
      "--email",
      taken.email,
      "--workspace",
      workspace.id,
      "--password",
      "long-enough-pw-1",
    ]);
    expect(exists.code).toBe(1);
    expect(await events(workspace.id)).toEqual([]);

    const made = await cli(["token", "create", "--workspace", workspace.id, "--name", "ci"]);
    expect(made.code, made.stderr).toBe(0);
    const { token: session } = await openSession({ db, userId: owner.userId, workspaceId: workspace.id });
    const audit = await callRoute(auditRoute.GET, {
      path: "/api/audit",
      headers: { cookie: `cadence_session=${session}` },
    });
    expect(audit.status).toBe(200);
    expect(audit.json.items).toHaveLength(1);
    expect(audit.json.items[0]).toMatchObject({
      action: "token.created",
      actor: null,
      targetUser: null,
      details: { name: "ci", scope: "write", by: "cli" },
    });
  });
});
