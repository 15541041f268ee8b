import { randomUUID } from "node:crypto";
import { describe, expect, it, vi } from "vitest";
import * as acceptRoute from "@/app/api/invitations/accept/route";
import * as resendRoute from "@/app/api/workspace/invitations/[id]/resend/route";
import * as invitationsRoute from "@/app/api/workspace/invitations/route";
import { openSession } from "@/lib/auth/open-session";
import { getEnv } from "@/lib/env";
import { callRoute, isolateAppSingletons } from "@/tests/helpers/call-route";
import { listMessagesTo } from "@/tests/helpers/mailpit";
import { setupTestWorkspaces } from "@/tests/helpers/test-workspaces";

// Without SMTP_URL nothing is mailed: the inviter gets the link to pass on, and it works like a mailed one.
// (The launcher sets SMTP_URL to its Mailpit: unset here before any module reads the settings.)
vi.hoisted(() => {
  delete process.env.SMTP_URL;
});

const emails: string[] = [];
const { db, createWorkspace, createUser } = setupTestWorkspaces({
  app: isolateAppSingletons(),
  async cleanup() {
    await db.user.deleteMany({ where: { email: { in: emails.splice(0) } } });
  },
});
const SAME = { origin: "http://localhost", host: "localhost" };

describe("invitations without SMTP", () => {
  it("answers the link for the inviter to copy (new and re-sent), sends nothing, and the link works", async () => {
    expect(getEnv().SMTP_URL).toBeUndefined();
    const { workspace } = await createWorkspace({ name: "No Mail" });
    const owner = await createUser({ workspaceIds: [workspace.id] });
    const { token: session } = await openSession({ db, userId: owner.userId, workspaceId: workspace.id });
    const headers = { ...SAME, cookie: `cadence_session=${session}` };
    const email = `copy-${randomUUID()}@test.cadence.local`;
    emails.push(email);

    const res = await callRoute(invitationsRoute.POST, {
      method: "POST",
      path: "/api/workspace/invitations",
      body: { email, role: "EDITOR" },
      headers,
    });
    expect(res.status).toBe(201);
    expect(res.json.delivery).toEqual({
      sent: false,
      reason: "not_configured",
      link: expect.stringMatching(/^http:\/\/localhost\/invite\/[A-Za-z0-9_-]{43}$/),
    });
    const id = res.json.invitation.id as string;
    const resent = await callRoute(resendRoute.POST, {
      method: "POST",
      path: `/api/workspace/invitations/${id}/resend`,
      params: { id },
      headers,
    });
    expect(resent.json.delivery.reason).toBe("not_configured");
    const link = resent.json.delivery.link as string;
    expect(link).not.toBe(res.json.delivery.link);
    expect(await listMessagesTo(email)).toEqual([]);

    const token = link.split("/").pop();
    const accepted = await callRoute(acceptRoute.POST, {
      method: "POST",
      path: "/api/invitations/accept",
      body: { token, name: "Copy Paste", password: "a-long-password-1" },
      headers: SAME,
    });
    expect(accepted.status).toBe(201);
    const member = await db.membership.findFirstOrThrow({ where: { workspaceId: workspace.id, user: { email } } });
    expect(member.role).toBe("EDITOR");
  });
});
