import { randomUUID } from "node:crypto";
import { roleCan } from "@/lib/auth/permissions";
import type { Db } from "@/lib/db/prisma";
import { getEnv } from "@/lib/env";
import type { Prisma } from "@/lib/generated/prisma/client";
import { logger } from "@/lib/log";
import { buildNotificationEmail } from "@/lib/mail/build-notification-email";
import { buildFailureWebhookBody } from "@/lib/notifications/build-failure-webhook-body";
import { dashboardPostUrl } from "@/lib/notifications/dashboard-post-url";
import { DEFAULT_PREFERENCES, FAILURE_WEBHOOK_KINDS, type NotificationEvent } from "@/lib/notifications/types";

const log = logger("notify");

/**
 * Records one notification per recipient (in-app, by preference) and queues email / webhook delivery.
 * Never throws for delivery problems; runs after the change it reports is committed.
 *
 * Recipients are members of `event.workspaceId` only: `{ userIds }` ∩ members, or every member whose role has
 * `{ permission }` (lib/auth/permissions.ts roleCan); the actor is skipped. Each person's NotificationPreference for
 * the kind (else DEFAULT_PREFERENCES) decides the in-app row and the mail; mail is queued only when SMTP_URL is set.
 * Failure kinds (FAILURE_WEBHOOK_KINDS) also queue one POST to the workspace's failure webhook, if it has one. Mail
 * and webhook go to the NotificationDelivery outbox, which the worker sends with retries
 * (lib/notifications/deliver-due-notifications.ts). Everything is written in one transaction.
 * `onceKey`: report this transition once: a second call with the same key (another worker racing, a repeat)
 * writes nothing. Errors are logged, never thrown: the change it reports has already happened.
 */
export async function notify({
  db,
  event,
  now = new Date(),
  onceKey,
}: {
  db: Db;
  event: NotificationEvent;
  now?: Date;
  onceKey?: string;
}): Promise<void> {
  try {
    await recordNotification({ db, event, now, onceKey });
  } catch (err) {
    log.error({ err, kind: event.kind, workspaceId: event.workspaceId, postId: event.postId }, "notify failed");
  }
}

async function recordNotification({
  db,
  event,
  now,
  onceKey,
}: {
  db: Db;
  event: NotificationEvent;
  now: Date;
  onceKey?: string;
}): Promise<void> {
  const { workspaceId, kind, recipients } = event;
  const members = await db.membership.findMany({
    where: { workspaceId, ...("userIds" in recipients ? { userId: { in: recipients.userIds } } : {}) },
    select: { userId: true, role: true, user: { select: { email: true } } },
  });
  const people = members.filter(
    (m) =>
      m.userId !== event.actorUserId && ("permission" in recipients ? roleCan(m.role, recipients.permission) : true),
  );
  const chosen = await db.notificationPreference.findMany({
    where: { workspaceId, kind, userId: { in: people.map((p) => p.userId) } },
    select: { userId: true, inApp: true, email: true },
  });
  const choiceOf = (userId: string) => chosen.find((c) => c.userId === userId) ?? DEFAULT_PREFERENCES[kind];
  const inApp = people.filter((p) => choiceOf(p.userId).inApp);
  const mailTo = getEnv().SMTP_URL ? people.filter((p) => choiceOf(p.userId).email) : [];

  const webhook = FAILURE_WEBHOOK_KINDS.has(kind)
    ? await db.failureWebhook.findUnique({ where: { workspaceId }, select: { workspaceId: true } })
    : null;
  if (inApp.length === 0 && mailTo.length === 0 && !webhook) return;

  const workspace = await db.workspace.findUniqueOrThrow({ where: { id: workspaceId }, select: { name: true } });
  const link = dashboardPostUrl(event.postId);
  const deliveries: Prisma.NotificationDeliveryCreateManyInput[] = mailTo.map((p) => ({
    workspaceId,
    kind,
    channel: "email",
    nextAttemptAt: now,
    payload: buildNotificationEmail({
      to: p.user.email,
      workspaceName: workspace.name,
      title: event.title,
      body: event.body,
      link,
    }),
  }));
  if (webhook) {
    const id = randomUUID();
    const body = await buildFailureWebhookBody({ db, id, event, workspaceName: workspace.name, link, now });
    deliveries.push({ id, workspaceId, kind, channel: "webhook", nextAttemptAt: now, payload: body });
  }

  await db.$transaction(async (tx) => {
    if (onceKey) {
      const { count } = await tx.notificationOnce.createMany({ data: [{ key: onceKey }], skipDuplicates: true });
      if (count === 0) return;
    }
    await tx.notification.createMany({
      data: inApp.map((p) => ({
        workspaceId,
        userId: p.userId,
        kind,
        postId: event.postId ?? null,
        channelId: event.channelId ?? null,
        title: event.title,
        body: event.body ?? null,
        createdAt: now,
      })),
    });
    if (deliveries.length > 0) await tx.notificationDelivery.createMany({ data: deliveries });
  });
}
