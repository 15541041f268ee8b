import type { GraphClient } from "@/lib/publishing/networks/instagram/graph-client";
import { mapInstagramError } from "@/lib/publishing/networks/instagram/map-instagram-error";
import { GraphApiError } from "@/lib/publishing/networks/meta/graph-fetch";
import type { PostMetrics } from "@/lib/publishing/networks/types";

// Source of the metric names: https://developers.facebook.com/docs/instagram-platform/reference/instagram-media/insights (INSIGHTS below).

/**
 * The media metrics read (INSIGHTS): views (which replaced `impressions`, deprecated for v22.0 and for all versions
 * from April 21, 2025), reach, likes, comments, shares, saved.
 */
export const MEDIA_METRICS = ["views", "reach", "likes", "comments", "shares", "saved"] as const;

type InsightsAnswer = {
  data?: { name?: string; values?: { value?: unknown }[]; total_value?: { value?: unknown } }[];
};

/**
 * A published media's numbers: GET /<media-id>/insights?metric=views,reach,likes,comments,shares,saved (INSIGHTS; a
 * metric Instagram has no data for is absent from `data`: 0, or null for views/reach) and the account's
 * followers_count (GET /<ig-user-id>?fields=followers_count). `impressions` carries `views` (Cadence's "seen"
 * figure); clicks are not reported for media (0). When Instagram withholds insights ("(#10) Not enough viewers for
 * the media to show insights"), likes and comments come from the media's like_count and comments_count instead.
 * Throws PublishError (mapInstagramError).
 */
export async function readInstagramMetrics({
  graph,
  igUserId,
  mediaId,
}: {
  graph: GraphClient;
  igUserId: string;
  mediaId: string;
}): Promise<PostMetrics> {
  const figures = new Map<string, number>();
  try {
    const got = await graph<InsightsAnswer>({
      method: "GET",
      path: `${mediaId}/insights`,
      params: { metric: MEDIA_METRICS.join(",") },
    });
    for (const row of got.data ?? []) {
      const raw = row.values?.[0]?.value ?? row.total_value?.value;
      if (typeof row.name === "string" && typeof raw === "number" && Number.isFinite(raw)) figures.set(row.name, raw);
    }
  } catch (err) {
    if (!(err instanceof GraphApiError && err.code === 10)) throw mapInstagramError(err, "reading the post's insights");
    try {
      const media = await graph<{ like_count?: number; comments_count?: number }>({
        method: "GET",
        path: mediaId,
        params: { fields: "like_count,comments_count" },
      });
      if (typeof media.like_count === "number") figures.set("likes", media.like_count);
      if (typeof media.comments_count === "number") figures.set("comments", media.comments_count);
    } catch (inner) {
      throw mapInstagramError(inner, "reading the post's counts");
    }
  }
  let followers: number | null = null;
  try {
    const user = await graph<{ followers_count?: number }>({
      method: "GET",
      path: igUserId,
      params: { fields: "followers_count" },
    });
    followers = typeof user.followers_count === "number" ? user.followers_count : null;
  } catch (err) {
    throw mapInstagramError(err, "reading the account's followers");
  }
  return {
    impressions: figures.get("views") ?? null,
    reach: figures.get("reach") ?? null,
    likes: figures.get("likes") ?? 0,
    comments: figures.get("comments") ?? 0,
    shares: figures.get("shares") ?? 0,
    saves: figures.get("saved") ?? 0,
    clicks: 0,
    followers,
  };
}
