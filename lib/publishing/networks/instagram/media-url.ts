import type { Db } from "@/lib/db/prisma";
import { createPublicMediaUrl } from "@/lib/media/create-public-media-url";
import { ensureMediaVariant } from "@/lib/media/ensure-media-variant";
import type { MediaStorage } from "@/lib/media/storage/types";
import { type PublishableMedia, PublishError } from "@/lib/publishing/networks/types";
import { instagramRules } from "@/lib/publishing/rules/instagram";
import { PUBLISHED_MEDIA_URL_TTL_SEC } from "@/lib/publishing/sign-post-media";

const IMAGE_RULES = instagramRules.media.image;
const JPEG_PURPOSE = IMAGE_RULES?.fitByReencoding?.purpose ?? "instagram-image";
const MAX_IMAGE_BYTES = IMAGE_RULES?.maxBytes ?? 8_000_000;

/**
 * The public URL Instagram fetches for one library item ("We cURL media used in publishing attempts, so the media
 * must be hosted on a publicly accessible server": https://developers.facebook.com/docs/instagram-platform/content-publishing):
 * the signed URL of the original (PublishableMedia.url) for a video or a JPEG within 8 MB; for any other image
 * (a PNG, a WebP, a JPEG over 8 MB) the signed URL of its "instagram-image" JPEG copy (ensureMediaVariant, made once
 * and kept; lib/publishing/rules/instagram.ts: JPEG only, 8 MB). Throws PublishError "permanent" naming the item
 * when no public URL can be made (PublishableMedia.urlProblem: local storage without PUBLIC_URL) or no copy fits.
 */
export async function instagramMediaUrl({
  item,
  position,
  workspaceId,
  db,
  storage,
  now,
}: {
  item: PublishableMedia;
  /** 1-based, for messages. */
  position: number;
  workspaceId: string;
  db: () => Db;
  storage: () => MediaStorage;
  now: Date;
}): Promise<string> {
  const what = `media ${position} (${item.name})`;
  if (!item.url) {
    throw new PublishError(
      "permanent",
      `${what} has no public URL for Instagram to fetch: ${item.urlProblem ?? "none could be made"}`,
    );
  }
  const acceptedType = IMAGE_RULES?.mimeTypes?.includes(item.mimeType) ?? true;
  if (item.kind !== "IMAGE" || (acceptedType && item.bytes <= MAX_IMAGE_BYTES)) return item.url;
  if (!item.storageKey) throw new PublishError("permanent", `${what}: its stored file is not known`);
  try {
    const copy = await ensureMediaVariant({
      db: db(),
      storage: storage(),
      item: { ...item, storageKey: item.storageKey, workspaceId },
      purpose: JPEG_PURPOSE,
      maxBytes: MAX_IMAGE_BYTES,
      mimeTypes: IMAGE_RULES?.mimeTypes,
    });
    return await createPublicMediaUrl({
      storage: storage(),
      item: { id: item.id, storageKey: item.storageKey, thumbnailKey: null },
      variant: "original",
      copy: { purpose: JPEG_PURPOSE, storageKey: copy.storageKey },
      expiresInSec: PUBLISHED_MEDIA_URL_TTL_SEC,
      now,
    });
  } catch (err) {
    throw new PublishError("permanent", `${what}: no JPEG copy for Instagram could be made: ${(err as Error).message}`);
  }
}
