import type { Db } from "@/lib/db/prisma";
import type { NotificationEvent } from "@/lib/notifications/types";

/**
 * Records one notification per recipient (in-app, by preference) and queues email / webhook delivery.
 * Never throws for delivery problems; runs after the change it reports is committed.
 *
 * Placeholder with the contract's exact signature, so the approvals branch compiles on its own: it delivers
 * nothing. The notifications branch owns the real implementation, which replaces this file at merge.
 */
export async function notify(_input: { db: Db; event: NotificationEvent; now?: Date }): Promise<void> {}
