import type { Db } from "@/lib/db/prisma";
import { type InvitationView, invitationSelect, toInvitationView } from "@/lib/invitations/invitation-view";

/** The workspace's invitations, newest first (at most 500), each with its status (pending, accepted, revoked, expired). */
export async function listInvitations({
  db,
  workspaceId,
  now = new Date(),
}: {
  db: Db;
  workspaceId: string;
  now?: Date;
}): Promise<InvitationView[]> {
  const rows = await db.invitation.findMany({
    where: { workspaceId },
    select: invitationSelect,
    orderBy: [{ createdAt: "desc" }, { id: "desc" }],
    take: 500,
  });
  return rows.map((row) => toInvitationView(row, now));
}
