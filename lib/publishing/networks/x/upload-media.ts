import { setTimeout as sleep } from "node:timers/promises";
import type { TwitterApi } from "twitter-api-v2";
import type { Db } from "@/lib/db/prisma";
import { ensureMediaVariant } from "@/lib/media/ensure-media-variant";
import type { MediaStorage } from "@/lib/media/storage/types";
import { type PublishableMedia, PublishError } from "@/lib/publishing/networks/types";
import { mapXError } from "@/lib/publishing/networks/x/map-x-error";
import { xRules } from "@/lib/publishing/rules/x";

// X API v2 chunked media upload (https://docs.x.com/x-api/media/quickstart/media-upload-chunked):
// POST /2/media/upload/initialize → POST /2/media/upload/:id/append (multipart, segment_index, media) →
// POST /2/media/upload/:id/finalize → while processing_info.state is pending / in_progress, wait check_after_secs
// and GET /2/media/upload?command=STATUS&media_id=:id → then alt text with POST /2/media/metadata
// (https://docs.x.com/x-api/media/metadata-create).

/** Bytes per APPEND segment (twitter-api-v2's own uploadMedia uses 1 MiB too). */
export const X_CHUNK_BYTES = 1024 * 1024;
/** Longest wait for X to process one video or GIF before the attempt gives up (transient: a retry uploads anew). */
export const X_MEDIA_PROCESSING_TIMEOUT_MS = 5 * 60_000;

const IMAGE_RULES = xRules.media.image;
const X_IMAGE_MAX_BYTES = IMAGE_RULES?.maxBytes ?? 5_000_000;
const X_IMAGE_PURPOSE = IMAGE_RULES?.fitByReencoding?.purpose ?? "x-image";

type Processing = {
  state?: "pending" | "in_progress" | "failed" | "succeeded";
  check_after_secs?: number;
  error?: { code?: number; name?: string; message?: string };
};
type UploadAnswer = { data?: { id?: string; expires_after_secs?: number; processing_info?: Processing } };

/** One uploaded item as the adapter checkpoints it: the library item, X's media id, and when X forgets it. */
export type XUploadedMedia = { itemId: string; mediaId: string; expiresAt: string | null };

/** X's media_category for a library item (https://docs.x.com/x-api/media/media-upload-initialize). */
export function xMediaCategory(kind: PublishableMedia["kind"]): "tweet_image" | "tweet_gif" | "tweet_video" {
  return kind === "VIDEO" ? "tweet_video" : kind === "GIF" ? "tweet_gif" : "tweet_image";
}

/** `stream`'s bytes in segments of exactly `size` bytes (the last one shorter), without holding the whole file. */
async function* segments(stream: NodeJS.ReadableStream, size: number): AsyncGenerator<Buffer> {
  let pending: Buffer[] = [];
  let pendingBytes = 0;
  for await (const chunk of stream) {
    let buf = Buffer.isBuffer(chunk) ? chunk : Buffer.from(chunk as string);
    while (pendingBytes + buf.length >= size) {
      const take = size - pendingBytes;
      yield Buffer.concat([...pending, buf.subarray(0, take)]);
      buf = buf.subarray(take);
      pending = [];
      pendingBytes = 0;
    }
    if (buf.length > 0) {
      pending.push(buf);
      pendingBytes += buf.length;
    }
  }
  if (pendingBytes > 0) yield Buffer.concat(pending);
}

/**
 * Uploads one library item to X and resolves once X can attach it: the stored original (a still image over X's
 * 5 MB, or of a type X does not take, goes as the "x-image" JPEG copy: ensureMediaVariant), in `chunkBytes`
 * segments, then finalized, waited for while X processes it (videos, GIFs: check_after_secs, each wait at most
 * `maxPollWaitMs`, in all at most `timeoutMs`), then given its alt text. Returns the media id and when it expires
 * (finalize's expires_after_secs; null when not said).
 * Throws PublishError: permanent when the bytes are missing, no copy fits, X refuses the file (4xx, with X's
 * message) or its processing failed (X's processing error); reconnect on 401; transient on 429/5xx/no answer or
 * when processing outlasts `timeoutMs`.
 */
export async function uploadXMedia({
  client,
  item,
  position,
  workspaceId,
  storage,
  db,
  signal,
  now = () => new Date(),
  chunkBytes = X_CHUNK_BYTES,
  timeoutMs = X_MEDIA_PROCESSING_TIMEOUT_MS,
  maxPollWaitMs = 30_000,
}: {
  client: TwitterApi;
  item: PublishableMedia;
  /** 1-based, for messages. */
  position: number;
  workspaceId: string;
  storage: MediaStorage;
  db: () => Db;
  signal: AbortSignal;
  now?: () => Date;
  chunkBytes?: number;
  timeoutMs?: number;
  maxPollWaitMs?: number;
}): Promise<XUploadedMedia> {
  const what = `uploading media ${position} (${item.name}) to X`;
  if (!item.storageKey) throw new PublishError("permanent", `${what}: its stored file is not known`);
  let source = { storageKey: item.storageKey, mimeType: item.mimeType, bytes: item.bytes };
  if (item.kind === "IMAGE") {
    try {
      source = await ensureMediaVariant({
        db: db(),
        storage,
        item: { ...item, storageKey: item.storageKey, workspaceId },
        purpose: X_IMAGE_PURPOSE,
        maxBytes: X_IMAGE_MAX_BYTES,
        mimeTypes: IMAGE_RULES?.mimeTypes,
      });
    } catch (err) {
      throw new PublishError(
        "permanent",
        `${what}: no copy fits X's ${X_IMAGE_MAX_BYTES} bytes: ${(err as Error).message}`,
      );
    }
  }
  const object = await storage.get(source.storageKey);
  if (!object) throw new PublishError("permanent", `${what}: the file is missing from media storage`);

  const v2 = client.v2;
  let step = "initialize";
  try {
    const init = await v2.post<UploadAnswer>("media/upload/initialize", {
      media_type: source.mimeType,
      total_bytes: source.bytes,
      media_category: xMediaCategory(item.kind),
    });
    const mediaId = init.data?.id;
    if (!mediaId) throw new PublishError("transient", `${what}: X's initialize answer had no media id`);
    step = "append";
    let index = 0;
    for await (const segment of segments(object.body, chunkBytes)) {
      signal.throwIfAborted();
      await v2.post(
        `media/upload/${mediaId}/append`,
        { segment_index: index, media: segment },
        { forceBodyMode: "form-data" },
      );
      index += 1;
    }
    step = "finalize";
    let answer = await v2.post<UploadAnswer>(`media/upload/${mediaId}/finalize`);
    const expiresAfter = Number(answer.data?.expires_after_secs);
    const expiresAt = Number.isFinite(expiresAfter)
      ? new Date(now().getTime() + expiresAfter * 1000).toISOString()
      : null;
    step = "status";
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      const info = answer.data?.processing_info;
      if (!info || info.state === "succeeded") break;
      if (info.state === "failed") {
        const said = info.error?.message ?? info.error?.name ?? "processing failed";
        throw new PublishError("permanent", `${what}: X could not process it: ${said}`);
      }
      if (Date.now() >= deadline) {
        throw new PublishError("transient", `${what}: X was still processing it after ${timeoutMs / 1000} s`);
      }
      const wait = Math.min(Math.max(Number(info.check_after_secs) || 1, 0) * 1000, maxPollWaitMs);
      await sleep(Math.min(wait, Math.max(0, deadline - Date.now())), undefined, { signal });
      answer = await v2.get<UploadAnswer>("media/upload", { command: "STATUS", media_id: mediaId });
    }
    if (item.altText?.trim()) {
      step = "metadata";
      await v2.createMediaMetadata(mediaId, { alt_text: { text: item.altText.trim().slice(0, 1000) } });
    }
    return { itemId: item.id, mediaId, expiresAt };
  } catch (err) {
    if (signal.aborted) throw signal.reason ?? err;
    throw mapXError(err, step === "metadata" ? `${what} (alt text)` : what);
  }
}
