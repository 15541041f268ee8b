import type { Db } from "@/lib/db/prisma";
import { deliverDueNotifications } from "@/lib/notifications/deliver-due-notifications";

/** Notification delivery runs on the publish queue (the worker dispatches by job name) as a job scheduler. */
export const NOTIFY_DELIVERY_JOB_NAME = "deliver-notifications";
export const NOTIFY_DELIVERY_SCHEDULER_ID = "cadence-deliver-notifications";

/** Thin BullMQ processor: sends the due mail and failure-webhook POSTs of the notification outbox, with retries. */
export function createDeliverNotificationsProcessor({ db }: { db: Db }) {
  return () => deliverDueNotifications({ db });
}
