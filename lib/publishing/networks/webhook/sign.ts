import { createHmac } from "node:crypto";
import { z } from "zod";

/**
 * A webhook channel's stored credentials (encrypted at rest). After a rotation, `previousSecret` keeps signing
 * alongside `secret` until `previousSecretExpiresAt` (ISO 8601), so receivers can switch without dropping events.
 */
export const webhookCredentialsSchema = z.object({
  secret: z.string().min(1),
  previousSecret: z.string().min(1).optional(),
  previousSecretExpiresAt: z.iso.datetime().optional(),
});
export type WebhookCredentials = z.infer<typeof webhookCredentialsSchema>;

/** The secrets that sign at `now`: the current one, then the previous one while its grace period lasts. */
export function signingSecrets(credentials: WebhookCredentials, now: Date): string[] {
  const { secret, previousSecret, previousSecretExpiresAt } = credentials;
  const graceLasts = previousSecretExpiresAt !== undefined && now.getTime() < Date.parse(previousSecretExpiresAt);
  return previousSecret && graceLasts && previousSecret !== secret ? [secret, previousSecret] : [secret];
}

/**
 * The `Cadence-Signature` header: `t=<unix seconds>,v1=<hex HMAC-SHA256(secret, "<t>.<body>")>`, one `v1` per
 * signing secret (the scheme Stripe documents at https://docs.stripe.com/webhooks#verify-manually). Binding `t`
 * into the MAC lets a receiver refuse old deliveries replayed with their original signature.
 */
export function webhookSignatureHeader({
  body,
  secrets,
  timestamp,
}: {
  body: string;
  secrets: string[];
  /** Unix time in seconds. */
  timestamp: number;
}): string {
  const signed = `${timestamp}.${body}`;
  const macs = secrets.map((s) => `v1=${createHmac("sha256", s).update(signed).digest("hex")}`);
  return [`t=${timestamp}`, ...macs].join(",");
}
