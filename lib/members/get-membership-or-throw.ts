import { ApiError } from "@/lib/api/errors";
import type { Db } from "@/lib/db/prisma";
import type { MembershipRole } from "@/lib/generated/prisma/enums";

type Tx = Pick<Db, "membership">;

/** The membership of `userId` in the workspace; 404 when they are not a member (or the user is unknown). */
export async function getMembershipOrThrow({
  db,
  workspaceId,
  userId,
}: {
  db: Tx;
  workspaceId: string;
  userId: string;
}): Promise<{ id: string; role: MembershipRole }> {
  const row = await db.membership.findUnique({
    where: { userId_workspaceId: { userId, workspaceId } },
    select: { id: true, role: true },
  });
  if (!row) throw new ApiError("not_found", `Member ${userId} not found in this workspace`);
  return row;
}
