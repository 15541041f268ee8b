import { randomUUID } from "node:crypto";
import type { Db } from "@/lib/db/prisma";
import type { MediaStorage } from "@/lib/media/storage/types";

/**
 * The ids, in `targetWorkspaceId`'s library, of copies of `mediaIds` (items of `sourceWorkspaceId`), in the same
 * order. An item whose bytes the target library already holds (same SHA-256 and kind) is referenced, not copied
 * again; any other is copied: its original and thumbnail objects streamed to new keys
 * (`<targetWorkspaceId>/<newId>/original|thumbnail`, the upload route's scheme) and a new MediaItem row written.
 * Each library owns its own objects, so deleting an item in one workspace never takes the other's file away.
 * Platform variants are not copied (they are made again when needed). `discard()` deletes the items this call
 * created (rows and objects), for a caller whose write then fails. Throws when a stored object is missing.
 */
export async function copyMediaToWorkspace({
  db,
  storage,
  sourceWorkspaceId,
  targetWorkspaceId,
  mediaIds,
}: {
  db: Db;
  storage: MediaStorage;
  sourceWorkspaceId: string;
  targetWorkspaceId: string;
  mediaIds: readonly string[];
}): Promise<{ ids: Map<string, string>; discard: () => Promise<void> }> {
  const ids = new Map<string, string>();
  const created: { id: string; keys: string[] }[] = [];
  const discard = async () => {
    if (created.length === 0) return;
    await db.mediaItem.deleteMany({ where: { id: { in: created.map((c) => c.id) }, workspaceId: targetWorkspaceId } });
    await Promise.allSettled(created.flatMap((c) => c.keys.map((k) => storage.delete(k))));
  };
  const items = await db.mediaItem.findMany({ where: { id: { in: [...mediaIds] }, workspaceId: sourceWorkspaceId } });
  try {
    for (const item of items) {
      const existing = await db.mediaItem.findFirst({
        where: { workspaceId: targetWorkspaceId, sha256: item.sha256, kind: item.kind },
        select: { id: true },
        orderBy: { createdAt: "asc" },
      });
      if (existing) {
        ids.set(item.id, existing.id);
        continue;
      }
      const id = randomUUID();
      const storageKey = `${targetWorkspaceId}/${id}/original`;
      const thumbnailKey = item.thumbnailKey ? `${targetWorkspaceId}/${id}/thumbnail` : null;
      const keys: string[] = [];
      created.push({ id, keys });
      await copyObject(storage, item.storageKey, storageKey);
      keys.push(storageKey);
      if (item.thumbnailKey && thumbnailKey) {
        await copyObject(storage, item.thumbnailKey, thumbnailKey);
        keys.push(thumbnailKey);
      }
      await db.mediaItem.create({
        data: {
          id,
          workspaceId: targetWorkspaceId,
          kind: item.kind,
          name: item.name,
          mimeType: item.mimeType,
          bytes: item.bytes,
          width: item.width,
          height: item.height,
          durationMs: item.durationMs,
          videoCodec: item.videoCodec,
          storageKey,
          thumbnailKey,
          sha256: item.sha256,
          // sourceUrl is unique per workspace: the copy is a library item of its own, not a URL import.
          sourceUrl: null,
        },
      });
      ids.set(item.id, id);
    }
  } catch (err) {
    await discard();
    throw err;
  }
  return { ids, discard };
}

async function copyObject(storage: MediaStorage, from: string, to: string): Promise<void> {
  const object = await storage.get(from);
  if (!object) throw new Error(`stored object ${from} is missing`);
  await storage.put(to, object.body, { contentType: object.contentType });
}
