import { ApiError } from "@/lib/api/errors";
import type { Db } from "@/lib/db/prisma";
import type { NotificationKind } from "@/lib/notifications/types";
import type { NotificationListResponse } from "@/lib/schemas/notifications";

/** The cursor is the last row's (createdAt, id), base64url. */
function encodeCursor(createdAt: Date, id: string): string {
  return Buffer.from(`${createdAt.toISOString()}|${id}`).toString("base64url");
}

function decodeCursor(cursor: string): { createdAt: Date; id: string } {
  const [at, id] = Buffer.from(cursor, "base64url").toString("utf8").split("|");
  const createdAt = new Date(at ?? "");
  if (!id || Number.isNaN(createdAt.getTime())) {
    throw new ApiError("invalid_request", "Invalid query: cursor is not one this API gave", [
      { path: "cursor", message: "pass nextCursor of the previous page" },
    ]);
  }
  return { createdAt, id };
}

/**
 * A person's notifications in one workspace (GET /api/notifications): newest first by (createdAt, id), `limit` per
 * page from `cursor`, with the unread count of all of them. Only `userId`'s rows in `workspaceId`.
 * @throws ApiError invalid_request (400) for a cursor this API did not give.
 */
export async function listNotifications({
  db,
  workspaceId,
  userId,
  limit,
  cursor,
}: {
  db: Db;
  workspaceId: string;
  userId: string;
  limit: number;
  cursor?: string;
}): Promise<NotificationListResponse> {
  const after = cursor ? decodeCursor(cursor) : null;
  const [rows, unreadCount] = await Promise.all([
    db.notification.findMany({
      where: {
        userId,
        workspaceId,
        ...(after
          ? { OR: [{ createdAt: { lt: after.createdAt } }, { createdAt: after.createdAt, id: { lt: after.id } }] }
          : {}),
      },
      orderBy: [{ createdAt: "desc" }, { id: "desc" }],
      take: limit + 1,
    }),
    db.notification.count({ where: { userId, workspaceId, readAt: null } }),
  ]);
  const page = rows.slice(0, limit);
  const last = page.at(-1);
  return {
    notifications: page.map((n) => ({
      id: n.id,
      kind: n.kind as NotificationKind,
      title: n.title,
      body: n.body,
      postId: n.postId,
      channelId: n.channelId,
      createdAt: n.createdAt.toISOString(),
      readAt: n.readAt?.toISOString() ?? null,
    })),
    unreadCount,
    nextCursor: rows.length > limit && last ? encodeCursor(last.createdAt, last.id) : null,
  };
}
