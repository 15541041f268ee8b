import { ApiError } from "@/lib/api/errors";
import { buildSessionView, type SessionView } from "@/lib/auth/session-view";
import type { Db } from "@/lib/db/prisma";

/** Makes `workspaceId` the session's active workspace. Not a member (or no such workspace): 404, nothing changes. */
export async function switchWorkspace({
  db,
  sessionId,
  user,
  workspaceId,
}: {
  db: Db;
  sessionId: string;
  user: SessionView["user"];
  workspaceId: string;
}): Promise<SessionView> {
  const member = await db.membership.findUnique({
    where: { userId_workspaceId: { userId: user.id, workspaceId } },
    select: { id: true },
  });
  if (!member) throw new ApiError("not_found", `Workspace ${workspaceId} not found`);
  await db.session.update({ where: { id: sessionId }, data: { workspaceId } });
  return buildSessionView({ db, user, workspaceId });
}
