import { randomBytes } from "node:crypto";
import { ApiError } from "@/lib/api/errors";
import { decryptCredentials, encryptCredentials } from "@/lib/crypto/credentials";
import type { Db } from "@/lib/db/prisma";
import { type WebhookCredentials, webhookCredentialsSchema } from "@/lib/publishing/networks/webhook/sign";
import type { RotateSecretInput, RotateSecretResponse } from "@/lib/schemas/channels";

/**
 * Gives a webhook channel a new signing secret (the caller's, or 32 random bytes as base64url) and keeps the
 * current one signing beside it for `graceHours` (0: replaced at once), so a receiver can be switched without
 * refusing deliveries. Returns the new secret — the only time it is shown — and when the old one stops signing.
 * Errors: 404 (not in this workspace), 422 (not a WEBHOOK channel, or it has no readable secret), 409 (its
 * credentials changed meanwhile; compare-and-set on the sealed value).
 */
export async function rotateWebhookSecret({
  db,
  workspaceId,
  channelId,
  input,
  now = new Date(),
}: {
  db: Db;
  workspaceId: string;
  channelId: string;
  input: RotateSecretInput;
  now?: Date;
}): Promise<RotateSecretResponse> {
  const channel = await db.channel.findFirst({
    where: { id: channelId, workspaceId, deletedAt: null },
    select: { platform: true, credentialsEnc: true },
  });
  if (!channel) throw new ApiError("not_found", `Channel ${channelId} not found`);
  if (channel.platform !== "WEBHOOK") {
    throw new ApiError("unprocessable", "only WEBHOOK channels have a signing secret to rotate");
  }
  let current: WebhookCredentials | undefined;
  try {
    if (channel.credentialsEnc) current = webhookCredentialsSchema.parse(decryptCredentials(channel.credentialsEnc));
  } catch {
    current = undefined;
  }
  if (!current) {
    throw new ApiError("unprocessable", "the channel has no readable secret; set one with PATCH { credentials }");
  }

  const secret = input.secret ?? randomBytes(32).toString("base64url");
  const graceEnds = input.graceHours > 0 ? new Date(now.getTime() + input.graceHours * 3_600_000) : null;
  const next: WebhookCredentials = graceEnds
    ? { secret, previousSecret: current.secret, previousSecretExpiresAt: graceEnds.toISOString() }
    : { secret };
  const { count } = await db.channel.updateMany({
    where: { id: channelId, workspaceId, deletedAt: null, credentialsEnc: channel.credentialsEnc },
    data: { credentialsEnc: encryptCredentials(next) },
  });
  if (count === 0) throw new ApiError("conflict", "the channel's credentials changed meanwhile; try again");
  return { secret, previousSecretExpiresAt: graceEnds?.toISOString() ?? null };
}
