import { pipeline } from "node:stream";
import sharp, { type Metadata, type Sharp } from "sharp";
import { ApiError } from "@/lib/api/errors";
import { createByteMeter } from "@/lib/media/create-byte-meter";
import type { MediaStorage } from "@/lib/media/storage/types";

export const THUMBNAIL_MAX_PX = 400;

/**
 * Largest picture accepted, in pixels (100 MP: a 50 MP phone photo fits). A few KB of PNG can claim a huge canvas
 * (a decompression bomb); sharp's own default limit is 268 MP, more than a small server should decode.
 */
export const MAX_IMAGE_PIXELS = 100_000_000;

const ENCODERS: Record<string, (s: Sharp) => Sharp> = {
  "image/jpeg": (s) => s.jpeg({ quality: 90 }),
  "image/png": (s) => s.png(),
  "image/webp": (s) => s.webp({ quality: 90 }),
  "image/gif": (s) => s.gif(),
};

/**
 * Streams `source` to `key` through a meter; resolves with the stored bytes and their SHA-256. A decoding failure
 * (truncated or corrupt image) is a 422 for the uploader; a storage failure stays what it is.
 */
async function putStream(storage: MediaStorage, key: string, source: Sharp, contentType: string) {
  const meter = createByteMeter();
  let decodeError: Error | undefined;
  source.once("error", (err: Error) => {
    decodeError = err;
  });
  const done = new Promise<void>((resolve, reject) =>
    pipeline(source, meter, (err) => (err ? reject(err) : resolve())),
  );
  try {
    const [{ bytes }] = await Promise.all([storage.put(key, meter, { contentType }), done]);
    return { bytes, sha256: meter.digest() };
  } catch (err) {
    if (decodeError) throw new ApiError("unprocessable", `The image could not be read: ${decodeError.message}`);
    throw err;
  }
}

/**
 * Re-encodes the image in `file` (same format; GIF/WebP keep their animation) and stores it at `key`, plus a WebP
 * thumbnail at most 400×400 px at `thumbnailKey`. The re-encode is how EXIF, GPS, XMP and IPTC are dropped: sharp
 * writes no metadata unless asked (https://sharp.pixelplumbing.com/api-output#keepmetadata), and autoOrient() first
 * applies the EXIF Orientation so the picture stays upright without it. Width/height are the upright frame's.
 * Throws ApiError 422 when the content is not a decodable image (truncated, corrupt, over sharp's pixel limit).
 */
export async function storeImage({
  storage,
  file,
  mimeType,
  key,
  thumbnailKey,
}: {
  storage: MediaStorage;
  file: string;
  mimeType: string;
  key: string;
  thumbnailKey: string;
}): Promise<{ width: number; height: number; bytes: number; sha256: string }> {
  const animated = mimeType === "image/gif" || mimeType === "image/webp";
  let meta: Metadata;
  try {
    meta = await sharp(file, { animated }).metadata();
  } catch (err) {
    throw new ApiError("unprocessable", `The image could not be read: ${(err as Error).message}`);
  }
  const upright = meta.autoOrient ?? { width: meta.width, height: meta.height };
  const width = upright.width;
  const height = meta.pages && meta.pages > 1 && meta.pageHeight ? meta.pageHeight : upright.height;
  const encode = ENCODERS[mimeType];
  if (!encode || !width || !height) throw new ApiError("unprocessable", "The image has no readable dimensions");
  if (width * height > MAX_IMAGE_PIXELS)
    throw new ApiError(
      "unprocessable",
      `The image is ${width}×${height} pixels; at most ${MAX_IMAGE_PIXELS} are accepted`,
    );
  const stored = await putStream(
    storage,
    key,
    encode(sharp(file, { animated, limitInputPixels: MAX_IMAGE_PIXELS }).autoOrient()),
    mimeType,
  );
  await putStream(
    storage,
    thumbnailKey,
    thumbnailOf(sharp(file, { limitInputPixels: MAX_IMAGE_PIXELS })),
    "image/webp",
  );
  return { width, height, ...stored };
}

/** The WebP thumbnail of an image (first frame), upright, at most THUMBNAIL_MAX_PX on each side. */
export function thumbnailOf(image: Sharp): Sharp {
  return image
    .autoOrient()
    .resize({ width: THUMBNAIL_MAX_PX, height: THUMBNAIL_MAX_PX, fit: "inside", withoutEnlargement: true })
    .webp({ quality: 80 });
}
