import { createHmac, hkdfSync, timingSafeEqual } from "node:crypto";
import { getEnv } from "@/lib/env";

/**
 * The HMAC-SHA256 key of signed media URLs: MEDIA_URL_SECRET, or else 32 bytes derived from CREDENTIALS_KEY with
 * HKDF-SHA256 (RFC 5869) under a label of its own, so the encryption key itself never signs anything.
 */
function signingKey(): Buffer {
  const env = getEnv();
  if (env.MEDIA_URL_SECRET) return Buffer.from(env.MEDIA_URL_SECRET, "utf8");
  const derived = hkdfSync("sha256", Buffer.from(env.CREDENTIALS_KEY, "base64"), "", "cadence media url v1", 32);
  return Buffer.from(derived);
}

/**
 * Hex HMAC-SHA256 over `<mediaId>\n<variant>\n<exp>` (exp: unix seconds at which the URL stops working).
 * verifyMediaSignature() checks it; changing any of the three breaks it.
 */
export function signMediaUrl({ mediaId, variant, exp }: { mediaId: string; variant: string; exp: number }): string {
  return createHmac("sha256", signingKey()).update(`${mediaId}\n${variant}\n${exp}`).digest("hex");
}

/**
 * Whether `sig` is the signature of (mediaId, variant, exp) and `exp` (unix seconds, as sent in the URL) is not past
 * `now`. Compared in constant time.
 */
export function verifyMediaSignature({
  mediaId,
  variant,
  exp,
  sig,
  now = new Date(),
}: {
  mediaId: string;
  variant: string;
  exp: string;
  sig: string;
  now?: Date;
}): { ok: true } | { ok: false; reason: "expired" | "invalid" } {
  if (!/^\d{1,12}$/.test(exp) || !/^[0-9a-f]{64}$/.test(sig)) return { ok: false, reason: "invalid" };
  const expected = Buffer.from(signMediaUrl({ mediaId, variant, exp: Number(exp) }), "hex");
  if (!timingSafeEqual(expected, Buffer.from(sig, "hex"))) return { ok: false, reason: "invalid" };
  if (Number(exp) * 1000 < now.getTime()) return { ok: false, reason: "expired" };
  return { ok: true };
}
