import { randomUUID } from "node:crypto";
import { Readable } from "node:stream";
import sharp from "sharp";
import type { Db } from "@/lib/db/prisma";
import { logger } from "@/lib/log";
import type { MediaStorage } from "@/lib/media/storage/types";
import { MAX_IMAGE_PIXELS } from "@/lib/media/store-image";

const log = logger("media:variant");

/** Longest side of a re-encoded copy at first (Bluesky's app shows images at most 2000 px; older lexicons said so). */
export const VARIANT_MAX_LONG_SIDE = 2000;
/** JPEG qualities tried at each size, best first; then the size steps down by VARIANT_SIZE_STEP. */
const QUALITIES = [85, 75, 65, 55] as const;
const VARIANT_SIZE_STEP = 0.8;
const VARIANT_MIN_LONG_SIDE = 200;

/** The library item a copy is made of (a MediaItem row's fields). */
export type VariantSource = {
  id: string;
  workspaceId: string;
  kind: "IMAGE" | "GIF" | "VIDEO";
  storageKey: string;
  mimeType: string;
  bytes: bigint | number;
  width: number;
  height: number;
};

/** What to publish: the original's or the copy's storage key, type, size in bytes and pixel dimensions. */
export type MediaToSend = { storageKey: string; mimeType: string; bytes: number; width: number; height: number };

/**
 * The file to publish for `item` where a platform takes at most `maxBytes` per image (Bluesky: BLUESKY_IMAGE_VARIANT
 * in lib/publishing/rules/bluesky.ts) and, when given, only `mimeTypes` (Instagram: JPEG): the original when it is
 * small enough and of an accepted type; else a JPEG copy, made once per
 * (item, `purpose`) and kept as a MediaVariant row, so the next call returns it without re-encoding. The copy is
 * the original scaled to at most 2000 px on its long side (never enlarged, same aspect ratio), encoded at quality 85,
 * 75, 65, 55 until it fits, then 20% smaller each step; transparency is flattened onto white.
 * Two workers racing make one copy each, but only the first row inserted (unique (mediaId, purpose), ON CONFLICT DO
 * NOTHING) is kept: the other deletes its own stored object and returns the winner's.
 * The original is read into memory to be decoded (images are at most MEDIA_MAX_IMAGE_BYTES and 100 MP).
 * Throws Error when the item is not an IMAGE (a GIF would lose its animation, a video is not re-encoded here), when
 * its original is missing from storage, when no copy of at least 200 px fits, or when the item was deleted meanwhile
 * (its copy is removed again).
 */
export async function ensureMediaVariant({
  db,
  storage,
  item,
  purpose,
  maxBytes,
  mimeTypes,
}: {
  db: Db;
  storage: MediaStorage;
  item: VariantSource;
  purpose: string;
  maxBytes: number;
  /** The types the platform takes (its rules' `mimeTypes`); an original of another type gets a JPEG copy too. */
  mimeTypes?: readonly string[];
}): Promise<MediaToSend> {
  if (Number(item.bytes) <= maxBytes && (!mimeTypes || mimeTypes.includes(item.mimeType))) {
    const { storageKey, mimeType, width, height } = item;
    return { storageKey, mimeType, bytes: Number(item.bytes), width, height };
  }
  const existing = await readVariant(db, item.id, purpose);
  if (existing) return existing;
  if (item.kind !== "IMAGE") throw new Error(`media item ${item.id} is a ${item.kind}: only images are re-encoded`);

  const original = await storage.get(item.storageKey);
  if (!original) throw new Error(`media item ${item.id} has no stored original`);
  const source = Buffer.concat(await original.body.toArray());
  const copy = await encodeToFit(source, item, maxBytes);
  // A key of its own per attempt: a racing loser deletes only what it wrote.
  const storageKey = `${item.workspaceId}/${item.id}/${purpose}-${randomUUID()}`;
  await storage.put(storageKey, Readable.from([copy.data]), { contentType: "image/jpeg" });
  let inserted: number;
  try {
    ({ count: inserted } = await db.mediaVariant.createMany({
      data: [
        {
          id: randomUUID(),
          mediaId: item.id,
          purpose,
          storageKey,
          mimeType: "image/jpeg",
          bytes: BigInt(copy.data.length),
          width: copy.width,
          height: copy.height,
        },
      ],
      skipDuplicates: true,
    }));
  } catch (err) {
    await storage.delete(storageKey); // the item was deleted meanwhile (foreign key): leave nothing behind
    throw err;
  }
  const kept = await readVariant(db, item.id, purpose);
  if (!kept || kept.storageKey !== storageKey) {
    await storage.delete(storageKey);
    if (!kept) throw new Error(`media item ${item.id} was deleted while its ${purpose} copy was made`);
    return kept;
  }
  if (inserted === 1)
    log.info(
      { mediaId: item.id, purpose, bytes: copy.data.length, from: Number(item.bytes), width: copy.width },
      "media variant made",
    );
  return kept;
}

async function readVariant(db: Db, mediaId: string, purpose: string): Promise<MediaToSend | null> {
  const row = await db.mediaVariant.findUnique({
    where: { mediaId_purpose: { mediaId, purpose } },
    select: { storageKey: true, mimeType: true, bytes: true, width: true, height: true },
  });
  return row ? { ...row, bytes: Number(row.bytes) } : null;
}

/** The largest, best JPEG of `source` within `maxBytes`: qualities step down first, then the size. */
async function encodeToFit(
  source: Buffer,
  item: VariantSource,
  maxBytes: number,
): Promise<{ data: Buffer; width: number; height: number }> {
  let longSide = Math.min(VARIANT_MAX_LONG_SIDE, Math.max(item.width, item.height));
  // An image already smaller than the floor (a 64 px icon as a PNG) is still tried once at its own size.
  const floor = Math.min(VARIANT_MIN_LONG_SIDE, longSide);
  while (longSide >= floor) {
    // Decoded and scaled once per size; each quality only re-encodes these pixels.
    const { data: pixels, info } = await sharp(source, { limitInputPixels: MAX_IMAGE_PIXELS })
      .resize({ width: longSide, height: longSide, fit: "inside", withoutEnlargement: true })
      .flatten({ background: "#ffffff" })
      .raw()
      .toBuffer({ resolveWithObject: true });
    const raw = { width: info.width, height: info.height, channels: info.channels };
    for (const quality of QUALITIES) {
      const data = await sharp(pixels, { raw }).jpeg({ quality }).toBuffer();
      if (data.length <= maxBytes) return { data, width: info.width, height: info.height };
    }
    longSide = Math.floor(longSide * VARIANT_SIZE_STEP);
  }
  throw new Error(`media item ${item.id} does not fit ${maxBytes} bytes even at ${VARIANT_MIN_LONG_SIDE} px`);
}
