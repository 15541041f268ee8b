import { ApiError } from "@/lib/api/errors";
import type { Db } from "@/lib/db/prisma";
import { type MediaResponse, mediaInclude, toMediaResponse } from "@/lib/media/media-schemas";

/** Sets the display name of the workspace's media item; ApiError 404 when it is not this workspace's. */
export async function renameMedia({
  db,
  workspaceId,
  mediaId,
  name,
}: {
  db: Db;
  workspaceId: string;
  mediaId: string;
  name: string;
}): Promise<MediaResponse> {
  const { count } = await db.mediaItem.updateMany({ where: { id: mediaId, workspaceId }, data: { name } });
  if (count === 0) throw new ApiError("not_found", `Media item ${mediaId} not found`);
  const item = await db.mediaItem.findFirstOrThrow({ where: { id: mediaId, workspaceId }, include: mediaInclude });
  return toMediaResponse(item);
}
