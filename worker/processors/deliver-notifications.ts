import type { Db } from "@/lib/db/prisma";
import { deliverDueNotifications } from "@/lib/notifications/deliver-due-notifications";
import { pruneNotificationOutbox } from "@/lib/notifications/prune-notification-outbox";

/** Notification delivery runs on the publish queue (the worker dispatches by job name) as a job scheduler. */
export const NOTIFY_DELIVERY_JOB_NAME = "deliver-notifications";
export const NOTIFY_DELIVERY_SCHEDULER_ID = "cadence-deliver-notifications";
/** How often (per worker process) the outbox is pruned, at the end of a delivery run. */
const PRUNE_EVERY_MS = 60 * 60_000;

/**
 * Thin BullMQ processor: sends the due mail and failure-webhook POSTs of the notification outbox, with retries;
 * about once an hour it also prunes old delivered rows and once-keys (pruneNotificationOutbox).
 */
export function createDeliverNotificationsProcessor({ db }: { db: Db }) {
  let prunedAt = -Infinity;
  return async () => {
    const delivered = await deliverDueNotifications({ db });
    if (Date.now() - prunedAt < PRUNE_EVERY_MS) return delivered;
    prunedAt = Date.now();
    return { ...delivered, pruned: await pruneNotificationOutbox({ db }) };
  };
}
