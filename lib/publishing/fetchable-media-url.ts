import type { Db } from "@/lib/db/prisma";
import { createPublicMediaUrl } from "@/lib/media/create-public-media-url";
import { ensureMediaVariant } from "@/lib/media/ensure-media-variant";
import type { MediaStorage } from "@/lib/media/storage/types";
import { type PublishableMedia, PublishError } from "@/lib/publishing/networks/types";
import type { MediaItemRules } from "@/lib/publishing/rules/types";
import { PUBLISHED_MEDIA_URL_TTL_SEC } from "@/lib/publishing/sign-post-media";

/**
 * The public URL a platform that fetches media itself (Instagram, Threads: "we cURL your image", so it must be on a
 * public server) is given for library item `position` (1-based):
 * - the item's signed URL (PublishableMedia.url, lib/publishing/sign-post-media.ts) when the platform takes it as it
 *   is: a video, or a still image of an accepted type (`imageRules.mimeTypes`) within `imageRules.maxBytes`;
 * - otherwise the signed URL of its JPEG copy for `imageRules.fitByReencoding.purpose` (ensureMediaVariant, made
 *   once and kept; served at /media/<id>/original?copy=<purpose> by lib/media/create-public-media-url.ts), which works
 *   on local storage with PUBLIC_URL and on S3 alike.
 * Throws PublishError "permanent" naming the item and `platform` when no public URL can be made
 * (PublishableMedia.urlProblem: local storage without PUBLIC_URL) or no copy fits.
 */
export async function fetchableMediaUrl({
  platform,
  imageRules,
  item,
  position,
  workspaceId,
  db,
  storage,
  now = new Date(),
}: {
  /** The platform's name for messages, e.g. "Instagram". */
  platform: string;
  imageRules: MediaItemRules | undefined;
  item: PublishableMedia;
  position: number;
  workspaceId: string;
  db: () => Db;
  storage: () => MediaStorage;
  now?: Date;
}): Promise<string> {
  const what = `media ${position} (${item.name})`;
  if (!item.url) {
    throw new PublishError(
      "permanent",
      `${what} has no public URL for ${platform} to fetch: ${item.urlProblem ?? "none could be made"}`,
    );
  }
  const maxBytes = imageRules?.maxBytes ?? Number.POSITIVE_INFINITY;
  const acceptedType = imageRules?.mimeTypes?.includes(item.mimeType) ?? true;
  if (item.kind !== "IMAGE" || (acceptedType && item.bytes <= maxBytes)) return item.url;
  const purpose = imageRules?.fitByReencoding?.purpose;
  if (!purpose) {
    throw new PublishError(
      "permanent",
      `${what} is a ${item.mimeType} of ${item.bytes} bytes, which ${platform} refuses`,
    );
  }
  if (!item.storageKey) throw new PublishError("permanent", `${what}: its stored file is not known`);
  let copyKey: string;
  try {
    const copy = await ensureMediaVariant({
      db: db(),
      storage: storage(),
      item: { ...item, storageKey: item.storageKey, workspaceId },
      purpose,
      maxBytes: Number.isFinite(maxBytes) ? maxBytes : Number.MAX_SAFE_INTEGER,
      mimeTypes: imageRules?.mimeTypes,
    });
    copyKey = copy.storageKey;
  } catch (err) {
    throw new PublishError(
      "permanent",
      `${what}: no JPEG copy ${platform} takes could be made: ${(err as Error).message}`,
    );
  }
  try {
    return await createPublicMediaUrl({
      storage: storage(),
      item: { id: item.id, storageKey: item.storageKey, thumbnailKey: null },
      variant: "original",
      copy: { purpose, storageKey: copyKey },
      expiresInSec: PUBLISHED_MEDIA_URL_TTL_SEC,
      now,
    });
  } catch (err) {
    throw new PublishError(
      "permanent",
      `${what}'s JPEG copy has no public URL for ${platform} to fetch: ${(err as Error).message}`,
    );
  }
}
