import { getEnv } from "@/lib/env";
import type { MediaVariant } from "@/lib/media/media-schemas";
import { signMediaUrl } from "@/lib/media/media-url-signature";
import type { MediaStorage } from "@/lib/media/storage/types";

/**
 * A URL at which anyone (Instagram, Threads and TikTok fetch media themselves) can GET a media item's `variant` for
 * `expiresInSec` seconds: the storage's presigned GET when it has one (S3), else
 * `<PUBLIC_URL>/media/<id>/<variant>?exp=<unix s>&sig=<HMAC>` served by app/media/[id]/[variant]/route.ts.
 * Throws when neither exists (local disk without PUBLIC_URL): such a platform cannot be sent media then.
 */
export async function createPublicMediaUrl({
  storage,
  item,
  variant,
  expiresInSec,
  now = new Date(),
}: {
  storage: MediaStorage;
  item: { id: string; storageKey: string; thumbnailKey: string | null };
  variant: MediaVariant;
  expiresInSec: number;
  now?: Date;
}): Promise<string> {
  const key = variant === "original" ? item.storageKey : item.thumbnailKey;
  if (!key) throw new Error(`media item ${item.id} has no ${variant}`);
  const presigned = await storage.presignedGetUrl(key, expiresInSec);
  if (presigned) return presigned;
  const base = getEnv().PUBLIC_URL;
  if (!base) throw new Error("PUBLIC_URL is not set: platforms that fetch media themselves cannot reach this Cadence");
  const exp = Math.floor(now.getTime() / 1000) + expiresInSec;
  const url = new URL(`media/${encodeURIComponent(item.id)}/${variant}`, base.endsWith("/") ? base : `${base}/`);
  url.searchParams.set("exp", String(exp));
  url.searchParams.set("sig", signMediaUrl({ mediaId: item.id, variant, exp }));
  return url.toString();
}
