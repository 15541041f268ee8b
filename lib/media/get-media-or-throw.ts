import { ApiError } from "@/lib/api/errors";
import type { Db } from "@/lib/db/prisma";
import { mediaInclude } from "@/lib/media/media-schemas";

/** The workspace's media item with the ids of the posts using it; ApiError 404 when it is not this workspace's. */
export async function getMediaOrThrow({ db, workspaceId, mediaId }: { db: Db; workspaceId: string; mediaId: string }) {
  const item = await db.mediaItem.findFirst({ where: { id: mediaId, workspaceId }, include: mediaInclude });
  if (!item) throw new ApiError("not_found", `Media item ${mediaId} not found`);
  return item;
}
