import { type Permission, permissionsOf } from "@/lib/auth/permissions";
import type { Db } from "@/lib/db/prisma";
import type { MembershipRole } from "@/lib/generated/prisma/enums";

// What the dashboard knows about the signed-in person: who, which workspace is active, which others they may
// switch to. The same shape for sign-in, GET /api/auth/session and the workspace switch.

export type WorkspaceSummary = { id: string; name: string; timezone: string; role: MembershipRole };
export type SessionView = {
  user: { id: string; email: string; name: string };
  /**
   * The active workspace, the user's role in it and what that role may do (the dashboard hides the rest), and what
   * the calendar (weekStart) and composer (defaultChannelIds) start from.
   */
  workspace: {
    id: string;
    name: string;
    timezone: string;
    role: MembershipRole;
    permissions: Permission[];
    weekStart: "monday" | "sunday";
    defaultChannelIds: string[];
    /** Posts by members without posts:approve go to review (README "Approvals"): the composer says "Submit for approval". */
    approvalsRequired: boolean;
  };
  workspaces: WorkspaceSummary[];
};

/** The user's workspaces, by name. */
export async function listMemberships({ db, userId }: { db: Db; userId: string }): Promise<WorkspaceSummary[]> {
  const rows = await db.membership.findMany({
    where: { userId },
    select: { role: true, workspace: { select: { id: true, name: true, timezone: true } } },
    orderBy: [{ workspace: { name: "asc" } }, { workspaceId: "asc" }],
  });
  return rows.map((m) => ({ ...m.workspace, role: m.role }));
}

export async function buildSessionView({
  db,
  user,
  workspaceId,
}: {
  db: Db;
  user: SessionView["user"];
  workspaceId: string;
}): Promise<SessionView> {
  const workspaces = await listMemberships({ db, userId: user.id });
  const active = workspaces.find((w) => w.id === workspaceId);
  if (!active) throw new Error(`user ${user.id} is not a member of workspace ${workspaceId}`);
  const prefs = await db.workspace.findUniqueOrThrow({
    where: { id: workspaceId },
    select: { weekStart: true, defaultChannelIds: true, approvalsRequired: true },
  });
  // Default channels that were disconnected since are left out.
  const existing = new Set(
    (
      await db.channel.findMany({
        where: { workspaceId, id: { in: prefs.defaultChannelIds } },
        select: { id: true },
      })
    ).map((c) => c.id),
  );
  return {
    user,
    workspace: {
      id: active.id,
      name: active.name,
      timezone: active.timezone,
      role: active.role,
      permissions: permissionsOf(active.role),
      weekStart: prefs.weekStart === "SUNDAY" ? "sunday" : "monday",
      defaultChannelIds: prefs.defaultChannelIds.filter((id) => existing.has(id)),
      approvalsRequired: prefs.approvalsRequired,
    },
    workspaces,
  };
}
