import type { InstagramPostBody } from "@/lib/publishing/networks/instagram/format";
import type { GraphClient } from "@/lib/publishing/networks/instagram/graph-client";

/** How far Instagram's clock may be behind ours when matching `timestamp` against the publish request's start. */
export const CLOCK_SKEW_MS = 2 * 60_000;
/** How many of the account's newest media are searched. */
export const RECENT_MEDIA_LIMIT = 25;

/** An IG Media as the lookup reads it (https://developers.facebook.com/docs/instagram-platform/reference/instagram-media). */
export type RecentMedia = {
  id: string;
  caption?: string;
  media_type?: string;
  timestamp?: string;
  permalink?: string;
};

const MEDIA_TYPE: Record<InstagramPostBody["kind"], string> = {
  IMAGE: "IMAGE",
  REELS: "VIDEO",
  CAROUSEL: "CAROUSEL_ALBUM",
};

/**
 * True when `media` is the post `expected` describes, published at or after `since`: the same media_type (IMAGE,
 * VIDEO for a reel, CAROUSEL_ALBUM), the same caption (trimmed; absent = ""), and a `timestamp` (ISO 8601, e.g.
 * 2019-04-05T07:56:32+0000) no earlier than `since` minus CLOCK_SKEW_MS.
 */
export function isPublishedMedia(media: RecentMedia, expected: InstagramPostBody, since: Date): boolean {
  if (media.media_type !== MEDIA_TYPE[expected.kind]) return false;
  if ((media.caption ?? "").trim() !== expected.caption.trim()) return false;
  const at = Date.parse(media.timestamp ?? "");
  return !Number.isNaN(at) && at >= since.getTime() - CLOCK_SKEW_MS;
}

/**
 * After a media_publish whose answer was lost while its container reads PUBLISHED: the account's newest media
 * (GET /<ig-user-id>/media?fields=id,caption,media_type,timestamp,permalink&limit=25:
 * https://developers.facebook.com/docs/instagram-platform/instagram-graph-api/reference/ig-user/media#reading), newest
 * first; returns the oldest that isPublishedMedia, else null. Throws GraphApiError / fetch errors.
 */
export async function findPublishedMedia({
  graph,
  igUserId,
  expected,
  since,
}: {
  graph: GraphClient;
  igUserId: string;
  expected: InstagramPostBody;
  since: Date;
}): Promise<RecentMedia | null> {
  const page = await graph<{ data?: RecentMedia[] }>({
    method: "GET",
    path: `${igUserId}/media`,
    params: { fields: "id,caption,media_type,timestamp,permalink", limit: RECENT_MEDIA_LIMIT },
  });
  const matches = (page.data ?? []).filter((m) => isPublishedMedia(m, expected, since));
  return matches.at(-1) ?? null;
}
