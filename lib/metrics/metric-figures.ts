import type { Platform } from "@/lib/generated/prisma/enums";

/** The numbers a snapshot holds (MetricSnapshotDoc), in the order a card shows them. */
export const METRIC_KEYS = ["impressions", "reach", "likes", "comments", "shares", "saves", "clicks"] as const;
export type MetricKey = (typeof METRIC_KEYS)[number];

/** One figure as shown: which number, the platform's own name for it, and its value (a count). */
export type MetricFigure = { metric: MetricKey; label: string; value: number };

const GENERIC: Record<MetricKey, string> = {
  impressions: "Impressions",
  reach: "Reach",
  likes: "Likes",
  comments: "Comments",
  shares: "Shares",
  saves: "Saves",
  clicks: "Clicks",
};

/**
 * What each platform calls the numbers its adapter reads (lib/publishing/networks/<platform>/ says which API field
 * feeds which number), listed in the order shown. A number not listed is shown under GENERIC's name only when it is
 * non-zero (a collector posting to POST /api/metrics may send more than the adapter reads).
 * - TWITTER (X): impression_count shown as "Views", like_count, reply_count, retweet_count + quote_count,
 *   bookmark_count, url_link_clicks (https://docs.x.com/x-api/fundamentals/metrics).
 * - BLUESKY: likeCount, replyCount, repostCount + quoteCount (https://docs.bsky.app/docs/api/app-bsky-feed-get-posts).
 * - MASTODON: favourites_count, replies_count, reblogs_count — "boosts" in Mastodon's interface
 *   (https://docs.joinmastodon.org/entities/Status/).
 * - THREADS: views, likes, replies, reposts + quotes + shares
 *   (https://developers.facebook.com/docs/threads/insights).
 * - LINKEDIN: impressionCount, likeCount (LinkedIn shows them as reactions), commentCount, shareCount (reposts),
 *   clickCount (https://learn.microsoft.com/en-us/linkedin/marketing/community-management/organizations/share-statistics).
 * - FACEBOOK: post_media_view ("Views"), reactions.summary total_count, comments, shares, post_clicks
 *   (https://developers.facebook.com/docs/graph-api/reference/insights#page-posts).
 * - INSTAGRAM: views, reach ("Accounts reached"), likes, comments, shares, saved
 *   (https://developers.facebook.com/docs/instagram-platform/reference/instagram-media/insights).
 */
const NAMED: Partial<Record<Platform, ReadonlyArray<[MetricKey, string]>>> = {
  TWITTER: [
    ["impressions", "Views"],
    ["likes", "Likes"],
    ["comments", "Replies"],
    ["shares", "Reposts and quotes"],
    ["saves", "Bookmarks"],
    ["clicks", "Link clicks"],
  ],
  BLUESKY: [
    ["likes", "Likes"],
    ["comments", "Replies"],
    ["shares", "Reposts and quotes"],
  ],
  MASTODON: [
    ["likes", "Favourites"],
    ["comments", "Replies"],
    ["shares", "Boosts"],
  ],
  THREADS: [
    ["impressions", "Views"],
    ["likes", "Likes"],
    ["comments", "Replies"],
    ["shares", "Reposts, quotes and shares"],
  ],
  LINKEDIN: [
    ["impressions", "Impressions"],
    ["likes", "Reactions"],
    ["comments", "Comments"],
    ["shares", "Reposts"],
    ["clicks", "Clicks"],
  ],
  FACEBOOK: [
    ["impressions", "Views"],
    ["likes", "Reactions"],
    ["comments", "Comments"],
    ["shares", "Shares"],
    ["clicks", "Clicks"],
  ],
  INSTAGRAM: [
    ["impressions", "Views"],
    ["reach", "Accounts reached"],
    ["likes", "Likes"],
    ["comments", "Comments"],
    ["shares", "Shares"],
    ["saves", "Saves"],
  ],
};

/**
 * A reading's figures as `platform` names them: the platform's own numbers first (a null one — not reported —
 * left out), then any other non-zero number under its generic name. Platforms without a list (SANDBOX, WEBHOOK,
 * TIKTOK) show every reported number under the generic names. Pure.
 */
export function metricFigures(platform: Platform, reading: Record<MetricKey, number | null>): MetricFigure[] {
  const named = NAMED[platform] ?? METRIC_KEYS.map((k) => [k, GENERIC[k]] as [MetricKey, string]);
  const figures: MetricFigure[] = [];
  for (const [metric, label] of named) {
    const value = reading[metric];
    if (value !== null) figures.push({ metric, label, value });
  }
  const shown = new Set(named.map(([k]) => k));
  for (const metric of METRIC_KEYS) {
    const value = reading[metric];
    if (!shown.has(metric) && value !== null && value !== 0) figures.push({ metric, label: GENERIC[metric], value });
  }
  return figures;
}
