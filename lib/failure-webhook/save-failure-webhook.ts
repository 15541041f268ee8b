import { randomBytes } from "node:crypto";
import { ApiError } from "@/lib/api/errors";
import { recordAuditEvent } from "@/lib/audit/record-audit-event";
import { checkWebhookTarget, type OutboundCheck } from "@/lib/channels/check-webhook-target";
import { encryptCredentials } from "@/lib/crypto/credentials";
import type { Db } from "@/lib/db/prisma";
import { type FailureWebhookView, toFailureWebhookView } from "@/lib/failure-webhook/failure-webhook-view";

/**
 * Sets the workspace's failure webhook URL (http(s), a permitted target: lib/channels/check-webhook-target.ts, 422
 * otherwise, nothing written). The first time, or with `rotateSecret`, a new signing secret (32 random bytes,
 * base64url) is made, stored encrypted and returned in this answer only; otherwise the secret stays. Audited as
 * "settings.changed" with `{ failureWebhook: { from, to } }` ("none" → "set", "set" → "URL saved" | "new secret"),
 * never the URL (a chat tool's URL may hold its secret) or the signing secret.
 */
export async function saveFailureWebhook({
  db,
  workspaceId,
  actorUserId,
  url,
  rotateSecret = false,
  outbound,
}: {
  db: Db;
  workspaceId: string;
  actorUserId: string | null;
  url: string;
  rotateSecret?: boolean;
  outbound?: OutboundCheck;
}): Promise<FailureWebhookView> {
  try {
    await checkWebhookTarget({ url, outbound });
  } catch (err) {
    // The channel check names its field config.url; here the field is url.
    if (!(err instanceof ApiError) || err.code !== "unprocessable") throw err;
    const message = err.message.replace(/^config\.url /, "");
    throw new ApiError("unprocessable", `url ${message}`, [{ path: "url", message }]);
  }
  return db.$transaction(async (tx) => {
    const existing = await tx.failureWebhook.findUnique({ where: { workspaceId } });
    const secret = !existing || rotateSecret ? randomBytes(32).toString("base64url") : undefined;
    const secretData = secret ? { secretEnc: encryptCredentials({ secret }) } : {};
    const row = existing
      ? await tx.failureWebhook.update({ where: { workspaceId }, data: { url, ...secretData } })
      : await tx.failureWebhook.create({ data: { workspaceId, url, secretEnc: encryptCredentials({ secret }) } });
    await recordAuditEvent({
      db: tx,
      workspaceId,
      actorUserId,
      action: "settings.changed",
      target: "failure_webhook",
      details: {
        failureWebhook: {
          from: existing ? "set" : "none",
          to: existing ? (secret ? "new secret" : "URL saved") : "set",
        },
      },
    });
    return toFailureWebhookView(row, secret);
  });
}
