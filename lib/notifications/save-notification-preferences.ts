import type { Db } from "@/lib/db/prisma";
import type { NotificationKind } from "@/lib/notifications/types";

/**
 * Saves a person's choices for the given kinds in one workspace (PUT /api/notifications/preferences), one
 * transaction of upserts; kinds not given keep theirs.
 */
export async function saveNotificationPreferences({
  db,
  workspaceId,
  userId,
  preferences,
}: {
  db: Db;
  workspaceId: string;
  userId: string;
  preferences: { kind: NotificationKind; inApp: boolean; email: boolean }[];
}): Promise<void> {
  await db.$transaction(
    preferences.map(({ kind, inApp, email }) =>
      db.notificationPreference.upsert({
        where: { userId_workspaceId_kind: { userId, workspaceId, kind } },
        create: { userId, workspaceId, kind, inApp, email },
        update: { inApp, email },
      }),
    ),
  );
}
