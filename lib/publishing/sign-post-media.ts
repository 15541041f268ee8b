import { createPublicMediaUrl } from "@/lib/media/create-public-media-url";
import { getMediaStorage } from "@/lib/media/storage/get-media-storage";
import type { MediaStorage } from "@/lib/media/storage/types";
import type { PublishableMedia } from "@/lib/publishing/networks/types";

/** A post's media item as the claim reads it (lib/publishing/post-lease.ts): metadata, storage keys, alt text. */
export type StoredPostMedia = Omit<PublishableMedia, "url" | "urlProblem" | "storageKey"> & {
  storageKey: string;
  thumbnailKey: string | null;
};

/**
 * How long a published media URL works: 7 days, the longest an S3 presigned URL may live (AWS SigV4 query
 * authentication, X-Amz-Expires ≤ 604800), so a webhook receiver or platform that fetches late still gets the file.
 */
export const PUBLISHED_MEDIA_URL_TTL_SEC = 7 * 24 * 60 * 60;

/**
 * Gives each item a signed public URL of its original (createPublicMediaUrl), once per publication, before the
 * adapters run. An item no URL can be made for (local storage without PUBLIC_URL) gets `url: null` and the reason
 * in `urlProblem`: an adapter that must hand out URLs fails the channel with it, the sandbox records it.
 */
export async function signPostMedia({
  media,
  storage,
  now = new Date(),
}: {
  media: readonly StoredPostMedia[];
  storage?: MediaStorage;
  now?: Date;
}): Promise<PublishableMedia[]> {
  if (media.length === 0) return [];
  const store = storage ?? getMediaStorage();
  return Promise.all(
    media.map(async ({ storageKey, thumbnailKey, ...item }) => {
      try {
        const url = await createPublicMediaUrl({
          storage: store,
          item: { id: item.id, storageKey, thumbnailKey },
          variant: "original",
          expiresInSec: PUBLISHED_MEDIA_URL_TTL_SEC,
          now,
        });
        return { ...item, storageKey, url };
      } catch (err) {
        return { ...item, storageKey, url: null, urlProblem: (err as Error).message };
      }
    }),
  );
}
