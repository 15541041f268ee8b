import { z } from "zod";
import type { MediaItem } from "@/lib/generated/prisma/client";
import type { MediaUses } from "@/lib/media/find-media-uses";

export const mediaIdParams = z.object({ id: z.string().min(1).max(64) });

export const MEDIA_VARIANTS = ["original", "thumbnail"] as const;
export type MediaVariant = (typeof MEDIA_VARIANTS)[number];
export const mediaFileParams = z.object({ id: z.string().min(1).max(64), variant: z.enum(MEDIA_VARIANTS) });
/**
 * A signed public media URL's path (/media/:id/:variant): the original, the thumbnail, or a re-encoded copy named by
 * its MediaVariant `purpose` (e.g. "instagram-image", the JPEG copy Instagram fetches of a PNG).
 */
export const publicMediaFileParams = z.object({
  id: z.string().min(1).max(64),
  variant: z.union([z.enum(MEDIA_VARIANTS), z.string().regex(/^[a-z][a-z0-9-]{0,39}$/, "not a media variant")]),
});

/** The display name: 1-255 characters, no path (only its last segment is kept), no control characters. */
const mediaName = z
  .string()
  .trim()
  .transform((v) => v.split(/[/\\]/).pop() ?? "")
  .pipe(
    z
      .string()
      .min(1, "must not be empty")
      .max(255, "must be at most 255 characters")
      // biome-ignore lint/suspicious/noControlCharactersInRegex: refusing control characters is the point
      .refine((v) => !/[\u0000-\u001f\u007f]/.test(v), "must not contain control characters"),
  );

/** POST /api/media query: the file's name (or the `X-File-Name` header, percent-encoded). */
export const uploadMediaQuery = z.object({ name: mediaName.optional() });
export const uploadNameSchema = mediaName;

export const listMediaQuery = z.object({
  q: z.string().trim().max(200).optional(),
  kind: z.enum(["image", "video"]).optional(),
  cursor: z.string().max(200).optional(),
  limit: z.coerce.number().int().min(1).max(100).default(50),
});
export type ListMediaQuery = z.infer<typeof listMediaQuery>;

export const renameMediaBody = z.strictObject({ name: mediaName });

export type MediaResponse = {
  id: string;
  kind: MediaItem["kind"];
  name: string;
  mimeType: string;
  bytes: number;
  width: number;
  height: number;
  durationMs: number | null;
  videoCodec: string | null;
  sha256: string;
  sourceUrl: string | null;
  /** For the dashboard (session or API token): the stored file and its thumbnail. */
  url: string;
  thumbnailUrl: string | null;
  /** Ids of the posts that use this item (PostMedia). */
  usedBy: string[];
  createdAt: string;
  updatedAt: string;
};

/**
 * An item of GET /api/media: the item, plus where it is used — `usedIn` (at most 20 posts, scheduled ones first, each
 * `{ postId, excerpt, status, scheduledAt }`) and `usedInCount` (all posts not deleted that use it).
 */
export type MediaListItem = MediaResponse & MediaUses;

export function toMediaResponse(item: MediaItem & { posts: { postId: string }[] }): MediaResponse {
  return {
    id: item.id,
    kind: item.kind,
    name: item.name,
    mimeType: item.mimeType,
    bytes: Number(item.bytes),
    width: item.width,
    height: item.height,
    durationMs: item.durationMs,
    videoCodec: item.videoCodec,
    sha256: item.sha256,
    sourceUrl: item.sourceUrl,
    url: `/api/media/${item.id}/original`,
    thumbnailUrl: item.thumbnailKey ? `/api/media/${item.id}/thumbnail` : null,
    usedBy: item.posts.map((p) => p.postId),
    createdAt: item.createdAt.toISOString(),
    updatedAt: item.updatedAt.toISOString(),
  };
}

export const mediaInclude = { posts: { select: { postId: true }, orderBy: { postId: "asc" } } } as const;
