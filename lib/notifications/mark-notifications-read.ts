import { ApiError } from "@/lib/api/errors";
import type { Db } from "@/lib/db/prisma";
import type { MarkReadInput } from "@/lib/schemas/notifications";

/**
 * Marks a person's notifications in one workspace read (POST /api/notifications/read): the given `ids`, or `all`.
 * Already-read ones keep their readAt. Returns how many changed and the unread count after.
 * @throws ApiError not_found (404) naming the ids that are not this person's in this workspace (nothing written).
 */
export async function markNotificationsRead({
  db,
  workspaceId,
  userId,
  input,
  now = new Date(),
}: {
  db: Db;
  workspaceId: string;
  userId: string;
  input: MarkReadInput;
  now?: Date;
}): Promise<{ updated: number; unreadCount: number }> {
  const mine = { userId, workspaceId };
  let updated: number;
  if ("ids" in input) {
    const ids = [...new Set(input.ids)];
    const found = await db.notification.findMany({ where: { ...mine, id: { in: ids } }, select: { id: true } });
    const missing = ids.filter((id) => !found.some((f) => f.id === id));
    if (missing.length > 0) {
      throw new ApiError("not_found", `Notification ${missing.join(", ")} not found`, { ids: missing });
    }
    ({ count: updated } = await db.notification.updateMany({
      where: { ...mine, id: { in: ids }, readAt: null },
      data: { readAt: now },
    }));
  } else {
    ({ count: updated } = await db.notification.updateMany({
      where: { ...mine, readAt: null },
      data: { readAt: now },
    }));
  }
  const unreadCount = await db.notification.count({ where: { ...mine, readAt: null } });
  return { updated, unreadCount };
}
