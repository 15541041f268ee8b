import { ApiError } from "@/lib/api/errors";
import type { Db } from "@/lib/db/prisma";
import { toContentMedia } from "@/lib/publishing/rules/to-content-media";
import type { ContentMedia } from "@/lib/publishing/rules/types";
import type { PostMediaInput } from "@/lib/schemas/posts";

/** One PostMedia row to write: the item at `position` (0 first) with its alt text. */
export type PostMediaRowInput = { mediaId: string; position: number; altText: string | null };

/**
 * Checks that every id of `media` is a media item of this workspace and returns the PostMedia rows to write, in
 * the given order. An id that is not (another workspace's too, which is never told apart) is 422, as an unknown
 * channel id is (loadTargetChannels), with one detail per id naming its place: `{ path: "media.2.id", message }`.
 * `content` is what the platform rules need of each item, in the same order.
 */
export async function loadPostMedia({
  db,
  workspaceId,
  media,
}: {
  db: Db;
  workspaceId: string;
  media: PostMediaInput;
}): Promise<{ rows: PostMediaRowInput[]; content: ContentMedia[] }> {
  if (media.length === 0) return { rows: [], content: [] };
  const found = await db.mediaItem.findMany({
    where: { workspaceId, id: { in: media.map((m) => m.id) } },
    select: { id: true, kind: true, mimeType: true, bytes: true, width: true, height: true, durationMs: true },
  });
  const known = new Map(found.map((m) => [m.id, m]));
  const unknown = media.flatMap((m, i) => (known.has(m.id) ? [] : [{ index: i, id: m.id }]));
  if (unknown.length > 0) {
    throw new ApiError(
      "unprocessable",
      `Unknown media item(s): ${unknown.map((u) => u.id).join(", ")}`,
      unknown.map((u) => ({ path: `media.${u.index}.id`, message: `not a media item of this workspace: ${u.id}` })),
    );
  }
  return {
    rows: media.map((m, position) => ({ mediaId: m.id, position, altText: m.altText ?? null })),
    content: media.map((m) => {
      const item = known.get(m.id) as (typeof found)[number];
      return toContentMedia(item);
    }),
  };
}
