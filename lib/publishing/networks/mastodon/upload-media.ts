import { setTimeout as sleep } from "node:timers/promises";
import type { mastodon } from "masto";
import type { Db } from "@/lib/db/prisma";
import { ensureMediaVariant } from "@/lib/media/ensure-media-variant";
import type { MediaStorage } from "@/lib/media/storage/types";
import { mapMastodonError } from "@/lib/publishing/networks/mastodon/map-mastodon-error";
import { type PublishableMedia, PublishError } from "@/lib/publishing/networks/types";
import { mastodonRules } from "@/lib/publishing/rules/mastodon";

/** How long an upload may stay "processing" (206) before the attempt gives up (transient: the retry uploads anew). */
export const MEDIA_PROCESSING_TIMEOUT_MS = 60_000;
export const MEDIA_POLL_INTERVAL_MS = 1_000;

const DEFAULT_IMAGE_BYTES = mastodonRules.media.image?.maxBytes ?? 16 * 1024 * 1024;

async function readAll(stream: NodeJS.ReadableStream): Promise<Buffer> {
  const chunks: Buffer[] = [];
  for await (const chunk of stream) chunks.push(Buffer.isBuffer(chunk) ? chunk : Buffer.from(chunk as string));
  return Buffer.concat(chunks);
}

/**
 * Uploads one library item to a Mastodon server and resolves with its media id once processed: the stored
 * original (a still image larger than the server's `maxImageBytes`, default 16 MB, goes as the "mastodon-image" JPEG
 * copy: ensureMediaVariant) with its alt text as `description`, through POST /api/v2/media; while the server
 * answers 202/206 (processing, `url` null), GET /api/v1/media/:id every `pollMs` until it has a `url`, at most
 * `timeoutMs` (https://docs.joinmastodon.org/methods/media/#v2). Throws PublishError: permanent when the bytes are
 * missing or the server refuses the file (4xx, with its message), reconnect on 401, transient on 429/5xx/no answer
 * or when processing outlasts `timeoutMs`.
 */
export async function uploadMastodonMedia({
  rest,
  item,
  position,
  workspaceId,
  maxImageBytes = DEFAULT_IMAGE_BYTES,
  storage,
  db,
  signal,
  timeoutMs = MEDIA_PROCESSING_TIMEOUT_MS,
  pollMs = MEDIA_POLL_INTERVAL_MS,
}: {
  rest: mastodon.rest.Client;
  item: PublishableMedia;
  /** 1-based, for messages. */
  position: number;
  workspaceId: string;
  maxImageBytes?: number;
  storage: MediaStorage;
  db: () => Db;
  signal: AbortSignal;
  timeoutMs?: number;
  pollMs?: number;
}): Promise<string> {
  const what = `uploading media ${position} (${item.name})`;
  if (!item.storageKey) throw new PublishError("permanent", `${what}: its stored file is not known`);
  let source = { storageKey: item.storageKey, mimeType: item.mimeType };
  if (item.kind === "IMAGE" && item.bytes > maxImageBytes) {
    try {
      source = await ensureMediaVariant({
        db: db(),
        storage,
        item: { ...item, storageKey: item.storageKey, workspaceId },
        purpose: "mastodon-image",
        maxBytes: maxImageBytes,
        mimeTypes: mastodonRules.media.image?.mimeTypes,
      });
    } catch (err) {
      throw new PublishError(
        "permanent",
        `${what}: no copy fits the server's ${maxImageBytes} bytes: ${(err as Error).message}`,
      );
    }
  }
  const object = await storage.get(source.storageKey);
  if (!object) throw new PublishError("permanent", `${what}: the file is missing from media storage`);
  const bytes = await readAll(object.body);

  let media: mastodon.v1.MediaAttachment;
  try {
    media = await rest.v2.media.create({
      file: new Blob([new Uint8Array(bytes)], { type: source.mimeType }),
      description: item.altText || undefined,
      skipPolling: true,
    });
    const deadline = Date.now() + timeoutMs;
    while (!media.url) {
      if (Date.now() >= deadline) {
        throw new PublishError("transient", `${what}: the server was still processing it after ${timeoutMs / 1000} s`);
      }
      await sleep(pollMs, undefined, { signal });
      media = await rest.v1.media.$select(media.id).fetch();
    }
  } catch (err) {
    throw mapMastodonError(err, what);
  }
  return media.id;
}
