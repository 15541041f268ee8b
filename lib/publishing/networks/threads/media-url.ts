import type { Db } from "@/lib/db/prisma";
import { ensureMediaVariant } from "@/lib/media/ensure-media-variant";
import type { MediaStorage } from "@/lib/media/storage/types";
import { type PublishableMedia, PublishError } from "@/lib/publishing/networks/types";
import { threadsRules } from "@/lib/publishing/rules/threads";
import { PUBLISHED_MEDIA_URL_TTL_SEC } from "@/lib/publishing/sign-post-media";

const IMAGE = threadsRules.media.image;
const IMAGE_TYPES = IMAGE?.mimeTypes ?? ["image/jpeg", "image/png"];
const IMAGE_MAX_BYTES = IMAGE?.maxBytes ?? 8_000_000;

/**
 * The public URL Threads fetches item `position` (1-based) from — Threads "will cURL your image using the URL
 * provided so it must be on a public server" (https://developers.facebook.com/docs/threads/posts):
 * - the item's signed URL (PublishableMedia.url, lib/publishing/sign-post-media.ts) when Threads takes it as it is;
 * - for a still image that is not JPEG/PNG or is over 8 MB (lib/publishing/rules/threads.ts, fitByReencoding), a
 *   presigned URL of its "threads-image" JPEG copy (ensureMediaVariant), which only object storage (S3) can hand out.
 * Throws PublishError "permanent" when no URL can be made (no PUBLIC_URL and local storage: `urlProblem` says so).
 */
export async function threadsMediaUrl({
  item,
  position,
  workspaceId,
  storage,
  db,
}: {
  item: PublishableMedia;
  position: number;
  workspaceId: string;
  storage: () => MediaStorage;
  db: () => Db;
}): Promise<string> {
  const what = `media ${position} (${item.name})`;
  const needsCopy = item.kind === "IMAGE" && (!IMAGE_TYPES.includes(item.mimeType) || item.bytes > IMAGE_MAX_BYTES);
  if (!needsCopy) {
    if (item.url) return item.url;
    throw new PublishError(
      "permanent",
      `Threads fetches ${what} from a public URL, and this Cadence cannot make one: ${item.urlProblem ?? "no URL"}`,
    );
  }
  if (!item.storageKey) throw new PublishError("permanent", `${what}: its stored file is not known`);
  let copyKey: string;
  try {
    const copy = await ensureMediaVariant({
      db: db(),
      storage: storage(),
      item: { ...item, storageKey: item.storageKey, workspaceId },
      purpose: "threads-image",
      maxBytes: IMAGE_MAX_BYTES,
      mimeTypes: IMAGE_TYPES,
    });
    copyKey = copy.storageKey;
  } catch (err) {
    throw new PublishError("permanent", `${what}: no JPEG copy Threads takes could be made: ${(err as Error).message}`);
  }
  const url = await storage().presignedGetUrl(copyKey, PUBLISHED_MEDIA_URL_TTL_SEC);
  if (!url) {
    throw new PublishError(
      "permanent",
      `${what} is ${item.mimeType === "image/jpeg" || item.mimeType === "image/png" ? "over 8 MB" : item.mimeType}; ` +
        "Threads needs a JPEG copy of it, which this Cadence can hand out only from S3 media storage " +
        "(MEDIA_STORAGE=s3). Upload a JPEG or PNG of at most 8 MB instead",
    );
  }
  return url;
}
