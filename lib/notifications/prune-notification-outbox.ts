import type { Db } from "@/lib/db/prisma";

/** Sent or given-up deliveries are kept this long (to look into a complaint), then deleted. */
export const DELIVERY_KEEP_MS = 30 * 24 * 3600_000;
/**
 * Once-keys are kept this long. A key is only needed while its transition can repeat (a channel still refused, a
 * publication being finished); past this, a channel still not reconnected would be reported again, as a reminder.
 */
export const ONCE_KEEP_MS = 90 * 24 * 3600_000;

/**
 * Deletes notification outbox rows (NotificationDelivery) that were SENT or FAILED more than DELIVERY_KEEP_MS ago
 * (by createdAt) and once-keys (NotificationOnce) older than ONCE_KEEP_MS; PENDING deliveries are never deleted.
 * In-app notifications stay (they are people's history). Returns how many rows went.
 */
export async function pruneNotificationOutbox({
  db,
  now = new Date(),
}: {
  db: Db;
  now?: Date;
}): Promise<{ deliveries: number; onceKeys: number }> {
  const deliveries = await db.notificationDelivery.deleteMany({
    where: { status: { in: ["SENT", "FAILED"] }, createdAt: { lt: new Date(now.getTime() - DELIVERY_KEEP_MS) } },
  });
  const onceKeys = await db.notificationOnce.deleteMany({
    where: { createdAt: { lt: new Date(now.getTime() - ONCE_KEEP_MS) } },
  });
  return { deliveries: deliveries.count, onceKeys: onceKeys.count };
}
