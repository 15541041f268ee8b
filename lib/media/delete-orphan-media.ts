import type { Db } from "@/lib/db/prisma";
import { logger } from "@/lib/log";
import type { MediaStorage } from "@/lib/media/storage/types";

const log = logger("media:cleanup");

const BATCH = 200;

/**
 * Removes uploads that no post uses (no PostMedia) and that are older than `maxAgeMs` (MEDIA_ORPHAN_MAX_AGE_MS):
 * each row is deleted only if it is still unattached at that moment (one conditional statement, so an item attached
 * meanwhile stays), then its stored objects (original, thumbnail, re-encoded copies). Runs over every workspace in batches; returns how many were removed.
 * Storage failures are logged and the run goes on (the row is gone, the object only costs space).
 */
export async function deleteOrphanMedia({
  db,
  storage,
  maxAgeMs,
  now = new Date(),
}: {
  db: Db;
  storage: MediaStorage;
  maxAgeMs: number;
  now?: Date;
}): Promise<{ deleted: number }> {
  const cutoff = new Date(now.getTime() - maxAgeMs);
  const orphan = { createdAt: { lt: cutoff }, posts: { none: {} } };
  let deleted = 0;
  let after = "";
  for (;;) {
    const batch = await db.mediaItem.findMany({
      where: { ...orphan, id: { gt: after } },
      select: {
        id: true,
        workspaceId: true,
        storageKey: true,
        thumbnailKey: true,
        variants: { select: { storageKey: true } },
      },
      orderBy: { id: "asc" },
      take: BATCH,
    });
    for (const item of batch) {
      const { count } = await db.mediaItem.deleteMany({ where: { id: item.id, ...orphan } });
      if (count === 0) continue;
      deleted += 1;
      const keys = [item.storageKey, item.thumbnailKey, ...item.variants.map((v) => v.storageKey)].filter(
        (k): k is string => k !== null,
      );
      const results = await Promise.allSettled(keys.map((k) => storage.delete(k)));
      for (const r of results)
        if (r.status === "rejected")
          log.error({ err: r.reason, workspaceId: item.workspaceId, mediaId: item.id }, "stored object not deleted");
    }
    if (batch.length < BATCH) break;
    after = batch.at(-1)?.id ?? after;
  }
  if (deleted > 0) log.info({ deleted, olderThan: cutoff.toISOString() }, "unattached uploads removed");
  return { deleted };
}
