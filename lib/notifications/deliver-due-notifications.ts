import type { Db } from "@/lib/db/prisma";
import { readFailureWebhookSecret } from "@/lib/failure-webhook/read-failure-webhook-secret";
import { sendFailureWebhook } from "@/lib/failure-webhook/send-failure-webhook";
import { logger } from "@/lib/log";
import { type MailMessage, sendMail } from "@/lib/mail/send-mail";
import type { OutboundPolicy, Resolve } from "@/lib/net/outbound-guard";

const log = logger("worker:notify");

/** Attempts per delivery before it is given up (FAILED). */
export const DELIVERY_MAX_ATTEMPTS = 8;
/** How long a claimed delivery is held by the worker sending it; a worker that dies lets it come back after this. */
const CLAIM_MS = 2 * 60_000;
/** The wait before the second attempt; doubles per attempt (30 s, 1 min, 2 min, … capped at 1 h). */
const RETRY_BASE_MS = 30_000;
const RETRY_CAP_MS = 60 * 60_000;

type Claimed = { id: string; workspaceId: string; kind: string; channel: string; payload: unknown; attempts: number };
type Outcome = { ok: true } | { ok: false; error: string; retry: boolean };

/**
 * Sends the notification outbox's due deliveries (NotificationDelivery, written by lib/notifications/notify.ts): mail
 * through lib/mail/send-mail.ts, failure-webhook POSTs through lib/failure-webhook/send-failure-webhook.ts (the
 * workspace's current URL and secret). Claims up to `limit` PENDING rows due at `now` with FOR UPDATE SKIP LOCKED
 * (several workers never send one twice; attempts +1), then marks each SENT, or schedules a retry after
 * RETRY_BASE_MS × 2^(attempts−1) (capped at 1 h), or FAILED after DELIVERY_MAX_ATTEMPTS or a final refusal.
 * Returns how many were sent and failed in this run. For the worker's job scheduler (worker/index.ts).
 */
export async function deliverDueNotifications({
  db,
  now = new Date(),
  limit = 50,
  policy,
  resolve,
}: {
  db: Db;
  now?: Date;
  limit?: number;
  policy?: OutboundPolicy;
  resolve?: Resolve;
}): Promise<{ sent: number; retrying: number; failed: number }> {
  const claimed = await db.$queryRaw<Claimed[]>`
    UPDATE "NotificationDelivery" SET attempts = attempts + 1, "nextAttemptAt" = ${new Date(now.getTime() + CLAIM_MS)}
    WHERE id IN (
      SELECT id FROM "NotificationDelivery" WHERE status = 'PENDING' AND "nextAttemptAt" <= ${now}
      ORDER BY "nextAttemptAt" LIMIT ${limit} FOR UPDATE SKIP LOCKED
    )
    RETURNING id, "workspaceId", kind, channel, payload, attempts`;
  const tally = { sent: 0, retrying: 0, failed: 0 };
  for (const row of claimed) {
    let outcome: Outcome;
    try {
      outcome = await send(db, row, { policy, resolve });
    } catch (err) {
      outcome = { ok: false, error: err instanceof Error ? err.message : String(err), retry: true };
    }
    if (outcome.ok) {
      await db.notificationDelivery.update({ where: { id: row.id }, data: { status: "SENT", sentAt: new Date() } });
      tally.sent += 1;
      continue;
    }
    const giveUp = !outcome.retry || row.attempts >= DELIVERY_MAX_ATTEMPTS;
    const waitMs = Math.min(RETRY_CAP_MS, RETRY_BASE_MS * 2 ** (row.attempts - 1));
    await db.notificationDelivery.update({
      where: { id: row.id },
      data: giveUp
        ? { status: "FAILED", lastError: outcome.error.slice(0, 500) }
        : { lastError: outcome.error.slice(0, 500), nextAttemptAt: new Date(now.getTime() + waitMs) },
    });
    const ctx = { deliveryId: row.id, channel: row.channel, kind: row.kind, attempts: row.attempts };
    if (giveUp) log.warn({ ...ctx, error: outcome.error }, "notification delivery failed for good");
    else log.info({ ...ctx, error: outcome.error, retryInMs: waitMs }, "notification delivery will retry");
    tally[giveUp ? "failed" : "retrying"] += 1;
  }
  return tally;
}

async function send(db: Db, row: Claimed, guard: { policy?: OutboundPolicy; resolve?: Resolve }): Promise<Outcome> {
  if (row.channel === "email") {
    const result = await sendMail(row.payload as MailMessage);
    if (result.sent) return { ok: true };
    if (result.reason === "not_configured") return { ok: false, error: "SMTP_URL is not set", retry: false };
    return { ok: false, error: result.error, retry: true };
  }
  if (row.channel === "webhook") {
    const hook = await db.failureWebhook.findUnique({ where: { workspaceId: row.workspaceId } });
    if (!hook) return { ok: false, error: "the workspace has no failure webhook any more", retry: false };
    const payload = row.payload as { id: string };
    const result = await sendFailureWebhook({
      url: hook.url,
      secret: readFailureWebhookSecret(hook.secretEnc),
      id: payload.id,
      body: JSON.stringify(row.payload),
      ...(guard.policy ? { policy: guard.policy } : {}),
      ...(guard.resolve ? { resolve: guard.resolve } : {}),
    });
    return result.ok ? { ok: true } : { ok: false, error: result.error, retry: result.retry };
  }
  return { ok: false, error: `unknown delivery channel "${row.channel}"`, retry: false };
}
