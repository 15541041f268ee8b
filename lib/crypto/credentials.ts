import { createCipheriv, createDecipheriv, randomBytes } from "node:crypto";
import { getEnv } from "@/lib/env";

// Channel credentials at rest: AES-256-GCM, key from CREDENTIALS_KEY (32 bytes, base64).
// Stored as "v1.<iv>.<tag>.<ciphertext>" (base64url parts) so the scheme can be rotated later.

function keyBytes(key: string | undefined): Buffer {
  const bytes = Buffer.from(key ?? getEnv().CREDENTIALS_KEY, "base64");
  if (bytes.length !== 32) throw new Error("CREDENTIALS_KEY must be 32 bytes encoded as base64");
  return bytes;
}

export function encryptCredentials(credentials: Record<string, unknown>, key?: string): string {
  const iv = randomBytes(12);
  const cipher = createCipheriv("aes-256-gcm", keyBytes(key), iv);
  const ciphertext = Buffer.concat([cipher.update(JSON.stringify(credentials), "utf8"), cipher.final()]);
  return ["v1", iv, cipher.getAuthTag(), ciphertext]
    .map((p) => (typeof p === "string" ? p : p.toString("base64url")))
    .join(".");
}

export function decryptCredentials(sealed: string, key?: string): Record<string, unknown> {
  const [version, iv, tag, ciphertext] = sealed.split(".");
  if (version !== "v1" || !iv || !tag || ciphertext === undefined) throw new Error("Unknown credentials format");
  const decipher = createDecipheriv("aes-256-gcm", keyBytes(key), Buffer.from(iv, "base64url"));
  decipher.setAuthTag(Buffer.from(tag, "base64url"));
  const plain = Buffer.concat([decipher.update(Buffer.from(ciphertext, "base64url")), decipher.final()]);
  return JSON.parse(plain.toString("utf8")) as Record<string, unknown>;
}
