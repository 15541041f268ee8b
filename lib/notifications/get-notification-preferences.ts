import type { Db } from "@/lib/db/prisma";
import { getEnv } from "@/lib/env";
import { DEFAULT_PREFERENCES, NOTIFICATION_KINDS, type NotificationKind } from "@/lib/notifications/types";
import type { PreferencesResponse } from "@/lib/schemas/notifications";

/**
 * A person's notification choices in one workspace (GET /api/notifications/preferences): every kind in
 * NOTIFICATION_KINDS order, their saved choice or DEFAULT_PREFERENCES, and whether mail can be sent (SMTP_URL).
 */
export async function getNotificationPreferences({
  db,
  workspaceId,
  userId,
}: {
  db: Db;
  workspaceId: string;
  userId: string;
}): Promise<PreferencesResponse> {
  const saved = await db.notificationPreference.findMany({ where: { workspaceId, userId } });
  return {
    preferences: NOTIFICATION_KINDS.map((kind: NotificationKind) => {
      const row = saved.find((s) => s.kind === kind);
      return { kind, ...(row ? { inApp: row.inApp, email: row.email } : DEFAULT_PREFERENCES[kind]) };
    }),
    emailAvailable: Boolean(getEnv().SMTP_URL),
  };
}
