import { recordAuditEvent } from "@/lib/audit/record-audit-event";
import { buildSessionView, type SessionView } from "@/lib/auth/session-view";
import type { Db } from "@/lib/db/prisma";

/**
 * "New workspace" from the dashboard (POST /api/workspaces): the workspace, its creator as OWNER, the creator's
 * session switched to it and "workspace.created" in its audit log, in one transaction. Returns the session view of
 * the new active workspace. `timezone` must already be a valid IANA name (the route's schema checks it).
 */
export async function createOwnedWorkspace({
  db,
  userId,
  sessionId,
  name,
  timezone,
}: {
  db: Db;
  userId: string;
  sessionId: string;
  name: string;
  timezone: string;
}): Promise<SessionView> {
  const workspaceId = await db.$transaction(async (tx) => {
    const workspace = await tx.workspace.create({ data: { name, timezone } });
    await tx.membership.create({ data: { userId, workspaceId: workspace.id, role: "OWNER" } });
    await tx.session.update({ where: { id: sessionId }, data: { workspaceId: workspace.id } });
    await recordAuditEvent({
      db: tx,
      workspaceId: workspace.id,
      actorUserId: userId,
      action: "workspace.created",
      target: `workspace:${workspace.id}`,
      details: { name, timezone },
    });
    return workspace.id;
  });
  const user = await db.user.findUniqueOrThrow({
    where: { id: userId },
    select: { id: true, email: true, name: true },
  });
  return buildSessionView({ db, user, workspaceId });
}
