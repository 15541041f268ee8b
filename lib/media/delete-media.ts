import { ApiError } from "@/lib/api/errors";
import type { Db } from "@/lib/db/prisma";
import { logger } from "@/lib/log";
import type { MediaStorage } from "@/lib/media/storage/types";

const log = logger("media:delete");

/** Posts in these states would publish without their media (IN_REVIEW: once approved): an item they use cannot be deleted. */
const PENDING_STATUSES = ["SCHEDULED", "PUBLISHING", "IN_REVIEW"] as const;

/**
 * Deletes the workspace's media item (row, its PostMedia links in drafts and sent posts, its MediaVariant copies,
 * then its stored objects: original, thumbnail and every copy).
 * The row goes in one conditional statement (no scheduled or publishing post uses it), so a post scheduled meanwhile
 * is never left pointing at nothing. Throws ApiError 404 (not this workspace's) or 409 `conflict` with
 * `details.posts`, the ids of the scheduled posts that use it. A storage failure after the row is gone is logged;
 * the object is then unreachable and costs only space.
 */
export async function deleteMedia({
  db,
  storage,
  workspaceId,
  mediaId,
}: {
  db: Db;
  storage: MediaStorage;
  workspaceId: string;
  mediaId: string;
}): Promise<void> {
  const item = await db.mediaItem.findFirst({
    where: { id: mediaId, workspaceId },
    select: { storageKey: true, thumbnailKey: true, variants: { select: { storageKey: true } } },
  });
  if (!item) throw new ApiError("not_found", `Media item ${mediaId} not found`);
  const pending = { post: { status: { in: [...PENDING_STATUSES] }, deletedAt: null } };
  const { count } = await db.mediaItem.deleteMany({ where: { id: mediaId, workspaceId, posts: { none: pending } } });
  if (count === 0) {
    const users = await db.postMedia.findMany({
      where: { mediaId, ...pending },
      select: { postId: true },
      orderBy: { postId: "asc" },
    });
    if (users.length === 0) throw new ApiError("not_found", `Media item ${mediaId} not found`);
    const posts = users.map((u) => u.postId);
    throw new ApiError(
      "conflict",
      `Media item ${mediaId} is used by scheduled post(s) ${posts.join(", ")}: remove it from them or unschedule them first`,
      { posts },
    );
  }
  const keys = [item.storageKey, item.thumbnailKey, ...item.variants.map((v) => v.storageKey)].filter(
    (k): k is string => k !== null,
  );
  const results = await Promise.allSettled(keys.map((k) => storage.delete(k)));
  for (const r of results)
    if (r.status === "rejected") log.error({ err: r.reason, workspaceId, mediaId }, "stored object not deleted");
}
