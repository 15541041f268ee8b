import { type Db, getPrisma } from "@/lib/db/prisma";
import { ensureMediaVariant } from "@/lib/media/ensure-media-variant";
import { getMediaStorage } from "@/lib/media/storage/get-media-storage";
import type { MediaStorage } from "@/lib/media/storage/types";
import { type PublishableMedia, PublishError } from "@/lib/publishing/networks/types";
import { BLUESKY_IMAGE_VARIANT } from "@/lib/publishing/rules/bluesky";

/** An image's bytes as they go out, with its type and pixel size (for the embed's aspectRatio). */
export type ImageToSend = { bytes: Buffer; mimeType: string; width: number; height: number };

/** Reads the bytes of one of the post's images; injected in the adapter so tests and other stores can pass theirs. */
export type ReadImage = (args: { workspaceId: string; media: PublishableMedia }) => Promise<ImageToSend>;

/**
 * The bytes Bluesky gets for a library image: the original when it fits the 1,000,000-byte blob cap
 * (BLUESKY_IMAGE_VARIANT, lib/publishing/rules/bluesky.ts), else the JPEG copy ensureMediaVariant makes once and
 * keeps. The item is looked up in the post's workspace only. Throws PublishError "permanent" when the item or its
 * stored bytes are gone; Error when no copy fits.
 */
export function createImageReader({
  db = getPrisma(),
  storage = getMediaStorage(),
}: {
  db?: Db;
  storage?: MediaStorage;
} = {}): ReadImage {
  return async ({ workspaceId, media }) => {
    const item = await db.mediaItem.findFirst({
      where: { id: media.id, workspaceId },
      select: {
        id: true,
        workspaceId: true,
        kind: true,
        storageKey: true,
        mimeType: true,
        bytes: true,
        width: true,
        height: true,
      },
    });
    if (!item) throw new PublishError("permanent", `media ${media.id} is no longer in the library`);
    const send = await ensureMediaVariant({
      db,
      storage,
      item,
      purpose: BLUESKY_IMAGE_VARIANT.purpose,
      maxBytes: BLUESKY_IMAGE_VARIANT.maxBytes,
    });
    const stored = await storage.get(send.storageKey);
    if (!stored) throw new PublishError("permanent", `media ${media.id} has no stored bytes`);
    const bytes = Buffer.concat(await stored.body.toArray());
    return { bytes, mimeType: send.mimeType, width: send.width, height: send.height };
  };
}
