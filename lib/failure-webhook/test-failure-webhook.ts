import { randomUUID } from "node:crypto";
import { ApiError } from "@/lib/api/errors";
import type { Db } from "@/lib/db/prisma";
import { readFailureWebhookSecret } from "@/lib/failure-webhook/read-failure-webhook-secret";
import { type FailureWebhookResult, sendFailureWebhook } from "@/lib/failure-webhook/send-failure-webhook";
import type { OutboundPolicy, Resolve } from "@/lib/net/outbound-guard";
import type { FailureWebhookBody } from "@/lib/notifications/build-failure-webhook-body";

/**
 * "Send test": POSTs one `kind: "test"` event to the workspace's failure webhook now (signed, through the outbound
 * guard, no retry) and returns how it went, so the person sees at once whether their receiver accepts it.
 * @throws ApiError not_found (404) when the workspace has no failure webhook.
 */
export async function testFailureWebhook({
  db,
  workspaceId,
  now = new Date(),
  policy,
  resolve,
}: {
  db: Db;
  workspaceId: string;
  now?: Date;
  policy?: OutboundPolicy;
  resolve?: Resolve;
}): Promise<FailureWebhookResult> {
  const hook = await db.failureWebhook.findUnique({
    where: { workspaceId },
    include: { workspace: { select: { name: true } } },
  });
  if (!hook) throw new ApiError("not_found", "This workspace has no failure webhook: set its URL first");
  const body: FailureWebhookBody = {
    id: randomUUID(),
    kind: "test",
    occurredAt: now.toISOString(),
    workspace: { id: workspaceId, name: hook.workspace.name },
    title: "Test from Cadence: failures of this workspace will arrive here",
    body: null,
    post: null,
    channels: [],
  };
  return sendFailureWebhook({
    url: hook.url,
    secret: readFailureWebhookSecret(hook.secretEnc),
    id: body.id,
    body: JSON.stringify(body),
    now,
    ...(policy ? { policy } : {}),
    ...(resolve ? { resolve } : {}),
  });
}
