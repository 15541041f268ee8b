import { getEnv } from "@/lib/env";
import type { MediaVariant } from "@/lib/media/media-schemas";
import { signMediaUrl } from "@/lib/media/media-url-signature";
import type { MediaStorage } from "@/lib/media/storage/types";

/**
 * A URL at which anyone (Instagram, Threads and TikTok fetch media themselves) can GET a media item's `variant` for
 * `expiresInSec` seconds: the storage's presigned GET when it has one (S3), else
 * `<PUBLIC_URL>/media/<id>/<variant>?exp=<unix s>&sig=<HMAC>` served by app/media/[id]/[variant]/route.ts.
 * With `copy` (a re-encoded MediaVariant: its purpose and storage key) the URL serves that copy instead, at
 * `/media/<id>/<purpose>` (Instagram takes JPEG only: a PNG goes as its "instagram-image" copy).
 * Throws when neither exists (local disk without PUBLIC_URL): such a platform cannot be sent media then.
 */
export async function createPublicMediaUrl({
  storage,
  item,
  variant,
  copy,
  expiresInSec,
  now = new Date(),
}: {
  storage: MediaStorage;
  item: { id: string; storageKey: string; thumbnailKey: string | null };
  variant: MediaVariant;
  copy?: { purpose: string; storageKey: string };
  expiresInSec: number;
  now?: Date;
}): Promise<string> {
  const key = copy ? copy.storageKey : variant === "original" ? item.storageKey : item.thumbnailKey;
  const segment = copy ? copy.purpose : variant;
  if (!key) throw new Error(`media item ${item.id} has no ${variant}`);
  const presigned = await storage.presignedGetUrl(key, expiresInSec);
  if (presigned) return presigned;
  const base = getEnv().PUBLIC_URL;
  if (!base) throw new Error("PUBLIC_URL is not set: platforms that fetch media themselves cannot reach this Cadence");
  const exp = Math.floor(now.getTime() / 1000) + expiresInSec;
  const url = new URL(`media/${encodeURIComponent(item.id)}/${segment}`, base.endsWith("/") ? base : `${base}/`);
  url.searchParams.set("exp", String(exp));
  url.searchParams.set("sig", signMediaUrl({ mediaId: item.id, variant: segment, exp }));
  return url.toString();
}
