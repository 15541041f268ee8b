import { randomUUID } from "node:crypto";
import { createWriteStream } from "node:fs";
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { Readable } from "node:stream";
import { pipeline } from "node:stream/promises";
import type { ReadableStream as NodeWebReadableStream } from "node:stream/web";
import { fileTypeStream } from "file-type";
import { ApiError } from "@/lib/api/errors";
import type { Db } from "@/lib/db/prisma";
import { getEnv } from "@/lib/env";
import { logger } from "@/lib/log";
import { classifyUpload } from "@/lib/media/classify-upload";
import { createByteMeter } from "@/lib/media/create-byte-meter";
import { createLimiter } from "@/lib/media/create-limiter";
import { type MediaResponse, mediaInclude, toMediaResponse } from "@/lib/media/media-schemas";
import type { MediaStorage } from "@/lib/media/storage/types";
import { storeImage } from "@/lib/media/store-image";
import { storeVideo } from "@/lib/media/store-video";

const log = logger("media:upload");

/** Bytes file-type reads before deciding (its own default sample size). */
const SNIFF_BYTES = 4100;

let limiter: ReturnType<typeof createLimiter> | undefined;

/**
 * Stores one uploaded file in the workspace's library and returns it (201 shape). `body` is the raw request body,
 * read once as a stream: its type comes from its first bytes (file-type), never from `name` or a Content-Type; the
 * bytes then flow through a counting meter (413 past MEDIA_MAX_IMAGE_BYTES / MEDIA_MAX_VIDEO_BYTES for that kind) into
 * a private temp file, which is processed under a per-process concurrency limit (MEDIA_PROCESS_CONCURRENCY):
 * images re-encoded by sharp without metadata (no EXIF/GPS ever reaches storage), videos probed by ffprobe with a
 * poster frame. Keys are `<workspaceId>/<mediaId>/original|thumbnail`. Nothing is stored when any step fails, and
 * the temp file is always removed. Errors: 400 empty body, 413 too large, 415 type not accepted (named), 422 content
 * not decodable.
 */
export async function uploadMedia({
  db,
  storage,
  workspaceId,
  body,
  name,
  declaredBytes,
  sourceUrl,
}: {
  db: Db;
  storage: MediaStorage;
  workspaceId: string;
  body: ReadableStream<Uint8Array> | null;
  name: string;
  /** Content-Length when the client sent one: refuses an announced oversize body before reading it. */
  declaredBytes?: number;
  /** Where the bytes were fetched from (importMediaUrls); stored as the item's `sourceUrl`. */
  sourceUrl?: string;
}): Promise<MediaResponse> {
  const env = getEnv();
  const largest = Math.max(env.MEDIA_MAX_IMAGE_BYTES, env.MEDIA_MAX_VIDEO_BYTES);
  if (!body || declaredBytes === 0)
    throw new ApiError("invalid_request", "The request has no file: send its bytes as the body");
  if (declaredBytes !== undefined && declaredBytes > largest)
    throw new ApiError("payload_too_large", `The file is larger than ${largest} bytes, the largest upload accepted`, {
      maxBytes: largest,
    });
  const typed = await fileTypeStream(body as NodeWebReadableStream<Uint8Array>, { sampleSize: SNIFF_BYTES });
  const source = Readable.fromWeb(typed as NodeWebReadableStream<Uint8Array>);
  const dir = await mkdtemp(join(tmpdir(), "cadence-media-"));
  try {
    const meter = createByteMeter();
    const file = join(dir, "upload");
    // The type is known from the first chunk on; the kind's cap is applied while the rest streams to disk.
    const limits = { max: largest, setting: "uploads" };
    let kind: ReturnType<typeof classifyUpload> | undefined;
    const checked = async function* (chunks: AsyncIterable<Buffer>) {
      for await (const chunk of chunks) {
        if (!kind) {
          kind = classifyUpload({ detectedMime: typed.fileType?.mime, head: chunk });
          const max = kind.kind === "VIDEO" ? env.MEDIA_MAX_VIDEO_BYTES : env.MEDIA_MAX_IMAGE_BYTES;
          const setting = kind.kind === "VIDEO" ? "MEDIA_MAX_VIDEO_BYTES" : "MEDIA_MAX_IMAGE_BYTES";
          if (declaredBytes !== undefined && declaredBytes > max) throw tooLarge(max, setting);
          Object.assign(limits, { max, setting });
        }
        if (meter.bytes + chunk.length > limits.max) throw tooLarge(limits.max, limits.setting);
        yield chunk;
      }
    };
    await pipeline(source, checked, meter, createWriteStream(file, { mode: 0o600 }));
    if (!kind || meter.bytes === 0)
      throw new ApiError("invalid_request", "The request has no file: send its bytes as the body");
    const { kind: mediaKind, mimeType } = kind;
    limiter ??= createLimiter(env.MEDIA_PROCESS_CONCURRENCY);
    const id = randomUUID();
    const key = `${workspaceId}/${id}/original`;
    const thumbnailKey = `${workspaceId}/${id}/thumbnail`;
    try {
      const stored: Stored = await limiter<Stored>(() =>
        mediaKind === "VIDEO"
          ? storeVideo({
              storage,
              file,
              workDir: dir,
              mimeType,
              key,
              thumbnailKey,
              maxBytes: limits.max,
              timeoutMs: env.MEDIA_PROBE_TIMEOUT_MS,
            })
          : storeImage({ storage, file, mimeType, key, thumbnailKey }),
      );
      const item = await db.mediaItem.create({
        data: {
          id,
          workspaceId,
          kind: mediaKind,
          name,
          mimeType,
          bytes: BigInt(stored.bytes),
          width: stored.width,
          height: stored.height,
          durationMs: stored.durationMs ?? null,
          videoCodec: stored.videoCodec ?? null,
          storageKey: key,
          thumbnailKey,
          sha256: stored.sha256,
          sourceUrl: sourceUrl ?? null,
        },
        include: mediaInclude,
      });
      log.info({ workspaceId, mediaId: id, kind: mediaKind, mimeType, bytes: stored.bytes }, "media stored");
      return toMediaResponse(item);
    } catch (err) {
      await Promise.allSettled([storage.delete(key), storage.delete(thumbnailKey)]);
      throw err;
    }
  } catch (err) {
    // An upload refused early leaves the rest of the body unread: stop it, so the client is not kept sending.
    source.destroy();
    throw err;
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}

type Stored = {
  width: number;
  height: number;
  bytes: number;
  sha256: string;
  durationMs?: number;
  videoCodec?: string;
};

function tooLarge(max: number, setting: string): ApiError {
  return new ApiError("payload_too_large", `The file is larger than ${max} bytes, the limit set by ${setting}`, {
    maxBytes: max,
  });
}
