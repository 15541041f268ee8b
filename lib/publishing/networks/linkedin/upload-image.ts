import type { Db } from "@/lib/db/prisma";
import { ensureMediaVariant } from "@/lib/media/ensure-media-variant";
import type { MediaStorage } from "@/lib/media/storage/types";
import { callLinkedIn } from "@/lib/publishing/networks/linkedin/linkedin-api";
import { mapLinkedInError } from "@/lib/publishing/networks/linkedin/map-linkedin-error";
import { type PublishableMedia, PublishError } from "@/lib/publishing/networks/types";
import { linkedinRules } from "@/lib/publishing/rules/linkedin";

const IMAGE_RULES = linkedinRules.media.image;
/** JPG, GIF and PNG (https://learn.microsoft.com/en-us/linkedin/marketing/community-management/shares/images-api). */
const IMAGE_TYPES = IMAGE_RULES?.mimeTypes ?? ["image/jpeg", "image/png", "image/gif"];
/** "Image pixel count must be less than 36,152,320" (same page). */
const MAX_PIXELS = IMAGE_RULES?.maxPixels ?? 36_152_319;

type InitializeUploadAnswer = { value?: { uploadUrl?: string; image?: string; uploadUrlExpiresAt?: number } };

/**
 * Uploads one library image to LinkedIn for `owner` (the post's author) and resolves with its image URN
 * (urn:li:image:…), through the Images API
 * (https://learn.microsoft.com/en-us/linkedin/marketing/community-management/shares/images-api):
 * POST /rest/images?action=initializeUpload {initializeUploadRequest: {owner}} → value.uploadUrl and value.image,
 * then PUT the bytes to uploadUrl. The stored original is sent when LinkedIn takes it (JPG, GIF, PNG, fewer than
 * 36,152,320 pixels); any other still image goes as a JPEG copy (ensureMediaVariant, purpose "linkedin-image", at
 * most 2000 px on its long side). Alt text is not part of the upload: it travels in the post (content.media.altText).
 * Throws PublishError: permanent for a video, missing bytes or an image LinkedIn refuses (with its message);
 * reconnect on 401; transient on 429/5xx/no answer (a retry simply uploads again: an unused image is harmless).
 */
export async function uploadLinkedInImage({
  fetch,
  apiUrl,
  accessToken,
  owner,
  item,
  position,
  workspaceId,
  storage,
  db,
  signal,
}: {
  fetch: typeof globalThis.fetch;
  apiUrl: string;
  accessToken: string;
  owner: string;
  item: PublishableMedia;
  /** 1-based, for messages. */
  position: number;
  workspaceId: string;
  storage: MediaStorage;
  db: () => Db;
  signal: AbortSignal;
}): Promise<string> {
  const what = `uploading image ${position} (${item.name})`;
  if (item.kind === "VIDEO") {
    throw new PublishError("permanent", `${what}: Cadence does not send video to LinkedIn yet`);
  }
  if (!item.storageKey) throw new PublishError("permanent", `${what}: its stored file is not known`);
  let source = { storageKey: item.storageKey, mimeType: item.mimeType };
  const tooManyPixels = item.width * item.height > MAX_PIXELS;
  if (item.kind === "IMAGE" && (tooManyPixels || !IMAGE_TYPES.includes(item.mimeType))) {
    try {
      source = await ensureMediaVariant({
        db: db(),
        storage,
        item: { ...item, storageKey: item.storageKey, workspaceId },
        purpose: "linkedin-image",
        // ensureMediaVariant re-encodes when the original is over maxBytes: too many pixels forces a (smaller) copy.
        maxBytes: tooManyPixels ? Math.max(1, item.bytes - 1) : Number.MAX_SAFE_INTEGER,
        mimeTypes: IMAGE_TYPES,
      });
    } catch (err) {
      throw new PublishError("permanent", `${what}: no copy LinkedIn takes could be made: ${(err as Error).message}`);
    }
  }
  const object = await storage.get(source.storageKey);
  if (!object) throw new PublishError("permanent", `${what}: the file is missing from media storage`);
  const bytes = Buffer.concat(await object.body.toArray());
  return uploadLinkedInBytes({ fetch, apiUrl, accessToken, owner, bytes, what, signal });
}

/**
 * Uploads image `bytes` (JPG, GIF or PNG) to LinkedIn for `owner` through the Images API: POST
 * /rest/images?action=initializeUpload {initializeUploadRequest: {owner}} → value.uploadUrl and value.image, then
 * PUT the bytes to uploadUrl (https://learn.microsoft.com/en-us/linkedin/marketing/community-management/shares/images-api).
 * Resolves with the image URN. Throws PublishError (mapLinkedInError; `what` names the step).
 */
export async function uploadLinkedInBytes({
  fetch,
  apiUrl,
  accessToken,
  owner,
  bytes,
  what,
  signal,
}: {
  fetch: typeof globalThis.fetch;
  apiUrl: string;
  accessToken: string;
  owner: string;
  bytes: Uint8Array;
  what: string;
  signal: AbortSignal;
}): Promise<string> {
  try {
    const init = await callLinkedIn<InitializeUploadAnswer>({
      fetch,
      apiUrl,
      accessToken,
      method: "POST",
      path: "/rest/images",
      query: "action=initializeUpload",
      body: { initializeUploadRequest: { owner } },
      signal,
    });
    const uploadUrl = init.json?.value?.uploadUrl;
    const image = init.json?.value?.image;
    if (!uploadUrl || !image?.startsWith("urn:li:image:")) {
      throw new PublishError("transient", `${what}: LinkedIn's initializeUpload answer had no upload URL or image`);
    }
    await callLinkedIn({
      fetch,
      apiUrl,
      accessToken,
      method: "PUT",
      path: uploadUrl,
      bytes,
      signal,
      versioned: false,
      timeoutMs: 120_000,
    });
    return image;
  } catch (err) {
    throw mapLinkedInError(err, what);
  }
}
