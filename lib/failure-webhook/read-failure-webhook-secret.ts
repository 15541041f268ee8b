import { z } from "zod";
import { decryptCredentials } from "@/lib/crypto/credentials";

const sealedSchema = z.object({ secret: z.string().min(1) });

/** The signing secret of a FailureWebhook row (`secretEnc`, AES-256-GCM, lib/crypto/credentials.ts). Throws if unreadable. */
export function readFailureWebhookSecret(secretEnc: string): string {
  return sealedSchema.parse(decryptCredentials(secretEnc)).secret;
}
