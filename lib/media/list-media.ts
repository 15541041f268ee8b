import { ApiError } from "@/lib/api/errors";
import type { Db } from "@/lib/db/prisma";
import type { Prisma } from "@/lib/generated/prisma/client";
import { findMediaUses } from "@/lib/media/find-media-uses";
import { type ListMediaQuery, type MediaListItem, mediaInclude, toMediaResponse } from "@/lib/media/media-schemas";

/** An opaque position in the list: base64url of `<createdAt ISO>|<id>` of the last item of the previous page. */
function decodeCursor(cursor: string): { createdAt: Date; id: string } {
  const [iso, id] = Buffer.from(cursor, "base64url").toString("utf8").split("|");
  const createdAt = new Date(iso ?? "");
  if (!id || Number.isNaN(createdAt.getTime()) || !/^[\w-]{1,64}$/.test(id))
    throw new ApiError("invalid_request", "Invalid query: cursor is not one this API returned", [
      { path: "cursor", message: "not a cursor from a previous page" },
    ]);
  return { createdAt, id };
}

/**
 * One page of the workspace's library, newest first: `q` matches the name (case-insensitive substring), `kind`
 * image (IMAGE and GIF) or video. `nextCursor` is null on the last page. Each item lists the posts using it: `usedBy`
 * (every post id) and `usedIn` (the posts not deleted, with an excerpt, status and time; findMediaUses, one query for
 * the page).
 */
export async function listMedia({
  db,
  workspaceId,
  query,
}: {
  db: Db;
  workspaceId: string;
  query: ListMediaQuery;
}): Promise<{ items: MediaListItem[]; nextCursor: string | null }> {
  const where: Prisma.MediaItemWhereInput = { workspaceId };
  if (query.q) where.name = { contains: query.q, mode: "insensitive" };
  if (query.kind) where.kind = query.kind === "video" ? "VIDEO" : { in: ["IMAGE", "GIF"] };
  if (query.cursor) {
    const { createdAt, id } = decodeCursor(query.cursor);
    where.OR = [{ createdAt: { lt: createdAt } }, { createdAt, id: { lt: id } }];
  }
  const rows = await db.mediaItem.findMany({
    where,
    include: mediaInclude,
    orderBy: [{ createdAt: "desc" }, { id: "desc" }],
    take: query.limit + 1,
  });
  const page = rows.slice(0, query.limit);
  const last = page.at(-1);
  const nextCursor =
    rows.length > query.limit && last
      ? Buffer.from(`${last.createdAt.toISOString()}|${last.id}`, "utf8").toString("base64url")
      : null;
  const uses = await findMediaUses({ db, workspaceId, mediaIds: page.map((row) => row.id) });
  const items = page.map((row) => ({
    ...toMediaResponse(row),
    ...(uses.get(row.id) ?? { usedIn: [], usedInCount: 0 }),
  }));
  return { items, nextCursor };
}
