import { ApiError } from "@/lib/api/errors";
import type { Db } from "@/lib/db/prisma";
import { Prisma } from "@/lib/generated/prisma/client";
import type { MediaKind } from "@/lib/generated/prisma/enums";
import { logger } from "@/lib/log";
import { openMediaUrl } from "@/lib/media/open-media-url";
import type { MediaStorage } from "@/lib/media/storage/types";
import { uploadMedia } from "@/lib/media/upload-media";
import type { OutboundPolicy, Resolve } from "@/lib/net/outbound-guard";

const log = logger("media:import");

/** How a URL is fetched: the outbound policy (OUTBOUND_ALLOW_CIDRS) and, in tests, a resolver and timeout. */
export type MediaUrlFetch = { policy: OutboundPolicy; resolve?: Resolve; timeoutMs?: number };

/** One imported item: its id and what the platform rules read of it (toContentMedia). */
export type ImportedMedia = {
  id: string;
  kind: MediaKind;
  mimeType: string;
  bytes: bigint;
  width: number;
  height: number;
  durationMs: number | null;
};

const importedSelect = {
  id: true,
  kind: true,
  mimeType: true,
  bytes: true,
  width: true,
  height: true,
  durationMs: true,
} as const;

/**
 * Brings each of `urls` into the workspace's library, in order, and returns one item per URL (a URL given twice
 * gives the same item twice). A URL already imported into this workspace (a MediaItem with that `sourceUrl`) is
 * reused, not fetched again (one item per URL per workspace: a unique index; when two saves import the same URL at
 * once, the one that stores second deletes its own objects and uses the first's item). Otherwise it is fetched
 * once through the outbound guard (openMediaUrl: public address,
 * no redirect, timeout) and stored by uploadMedia, the upload route's own pipeline: type read from the content,
 * MEDIA_MAX_IMAGE_BYTES / MEDIA_MAX_VIDEO_BYTES, images re-encoded without EXIF/GPS, videos probed.
 * Must run outside any transaction (it waits on the network). On the first refusal the items this call stored are
 * deleted again and ApiError 422 is thrown with `details: [{ path: "mediaUrls.N", message: reason }]`.
 * `discard()` on the answer deletes the items it stored, for a caller whose own write failed afterwards.
 */
export async function importMediaUrls({
  db,
  storage,
  workspaceId,
  urls,
  fetch,
}: {
  db: Db;
  storage: MediaStorage;
  workspaceId: string;
  urls: readonly string[];
  fetch: MediaUrlFetch;
}): Promise<{ items: ImportedMedia[]; discard: () => Promise<void> }> {
  const created: { id: string; storageKey: string; thumbnailKey: string | null }[] = [];
  const discard = async () => {
    if (created.length === 0) return;
    await db.mediaItem.deleteMany({ where: { workspaceId, id: { in: created.map((c) => c.id) } } });
    const keys = created.flatMap((c) => [c.storageKey, c.thumbnailKey]).filter((k): k is string => k !== null);
    const results = await Promise.allSettled(keys.map((k) => storage.delete(k)));
    for (const r of results)
      if (r.status === "rejected") log.error({ err: r.reason, workspaceId }, "imported object not deleted");
  };
  const bySource = new Map<string, ImportedMedia>();
  const items: ImportedMedia[] = [];
  try {
    for (const [index, url] of urls.entries()) {
      const seen = bySource.get(url);
      if (seen) {
        items.push(seen);
        continue;
      }
      const existing = await db.mediaItem.findFirst({
        where: { workspaceId, sourceUrl: url },
        orderBy: { createdAt: "asc" },
        select: importedSelect,
      });
      const item = existing ?? (await fetchOne({ db, storage, workspaceId, url, index, fetch, created }));
      bySource.set(url, item);
      items.push(item);
    }
  } catch (err) {
    await discard();
    throw err;
  }
  return { items, discard };
}

async function fetchOne({
  db,
  storage,
  workspaceId,
  url,
  index,
  fetch,
  created,
}: {
  db: Db;
  storage: MediaStorage;
  workspaceId: string;
  url: string;
  index: number;
  fetch: MediaUrlFetch;
  created: { id: string; storageKey: string; thumbnailKey: string | null }[];
}): Promise<ImportedMedia> {
  try {
    const { body, declaredBytes } = await openMediaUrl({ url, ...fetch });
    const item = await uploadMedia({
      db,
      storage,
      workspaceId,
      body,
      name: nameOf(url),
      declaredBytes,
      sourceUrl: url,
    });
    const row = await db.mediaItem.findUniqueOrThrow({
      where: { id: item.id },
      select: { ...importedSelect, storageKey: true, thumbnailKey: true },
    });
    created.push(row);
    log.info({ workspaceId, mediaId: row.id }, "media imported from a URL");
    const { storageKey: _key, thumbnailKey: _thumb, ...imported } = row;
    return imported;
  } catch (err) {
    // Another save imported the same URL meanwhile (unique (workspaceId, sourceUrl)): uploadMedia already deleted
    // the objects this call stored; the other save's item is the one.
    if (err instanceof Prisma.PrismaClientKnownRequestError && err.code === "P2002") {
      const winner = await db.mediaItem.findFirst({ where: { workspaceId, sourceUrl: url }, select: importedSelect });
      if (winner) {
        log.info({ workspaceId, mediaId: winner.id }, "URL imported by a concurrent save: its item is reused");
        return winner;
      }
    }
    throw refusal(err, index);
  }
}

/** The last path segment, decoded, as the display name ("photo.jpg"); else the host. */
function nameOf(url: string): string {
  const parsed = new URL(url);
  const last = parsed.pathname.split("/").filter(Boolean).pop();
  let name = parsed.hostname;
  if (last) {
    try {
      name = decodeURIComponent(last);
    } catch {
      name = last;
    }
  }
  return name.slice(0, 255);
}

/** Any refusal of the URL's content or transfer → 422 naming `mediaUrls.N`; other failures (storage, DB) stay. */
function refusal(err: unknown, index: number): unknown {
  const path = `mediaUrls.${index}`;
  let message: string | undefined;
  if (err instanceof ApiError) message = err.message;
  else {
    const e = err as NodeJS.ErrnoException;
    if (e?.name === "AbortError" || e?.name === "TimeoutError")
      message = "The URL did not finish sending within the time allowed";
    else if (e?.code === "ECONNRESET" || e?.code === "ERR_STREAM_PREMATURE_CLOSE")
      message = `The URL's answer was cut off (${e.code})`;
  }
  if (message === undefined) return err;
  return new ApiError("unprocessable", `${path}: ${message}`, [{ path, message }]);
}
