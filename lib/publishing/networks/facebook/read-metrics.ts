import { logger } from "@/lib/log";
import { GraphApiError, graphFetch } from "@/lib/publishing/networks/meta/graph-fetch";
import { mapGraphError } from "@/lib/publishing/networks/meta/map-graph-error";
import type { MetaSettings } from "@/lib/publishing/networks/meta/meta-settings";
import type { PostMetrics } from "@/lib/publishing/networks/types";

const log = logger("metrics:facebook");

/**
 * The post insights read: post_media_view (times the post was on screen, Meta's replacement for the deprecated
 * post_impressions), post_total_media_view_unique (people who saw it, replacing post_impressions_unique) and
 * post_clicks. Sources: https://developers.facebook.com/docs/graph-api/reference/insights/ and
 * https://developers.facebook.com/docs/platforminsights/page/deprecated-metrics.
 */
export const FACEBOOK_POST_INSIGHTS = ["post_media_view", "post_total_media_view_unique", "post_clicks"];

type Summary = { summary?: { total_count?: number } };
type PostFields = { reactions?: Summary; comments?: Summary; shares?: { count?: number } };
type Insights = { data?: { name?: string; values?: { value?: unknown }[] }[] };

const count = (v: unknown) => (typeof v === "number" && Number.isFinite(v) && v >= 0 ? Math.floor(v) : null);

/**
 * A Page post's numbers: likes ← reactions.summary.total_count, comments ← comments.summary.total_count, shares ←
 * shares.count (absent until someone shares: 0) from GET /{post-id}?fields=reactions.summary(true),
 * comments.summary(true),shares (https://developers.facebook.com/docs/graph-api/reference/post/); impressions,
 * reach and clicks from GET /{post-id}/insights?metric=FACEBOOK_POST_INSIGHTS (null / 0 when Meta refuses the
 * metrics, e.g. a Page under 100 likes or a renamed metric: the rest is still reported); followers ← the Page's
 * followers_count (https://developers.facebook.com/docs/graph-api/reference/page/). Saves: none on Facebook (0).
 * Throws PublishError (mapGraphError) when the post itself cannot be read.
 */
export async function readFacebookMetrics({
  pageId,
  postId,
  accessToken,
  signal,
  settings,
  fetch,
}: {
  pageId: string;
  postId: string;
  accessToken: string;
  signal: AbortSignal;
  settings: MetaSettings;
  fetch?: typeof globalThis.fetch;
}): Promise<PostMetrics> {
  const get = <T>(path: string, params: Record<string, string>) =>
    graphFetch<T>({
      path,
      params,
      accessToken,
      appSecret: settings.appSecret,
      signal,
      graphUrl: settings.graphUrl,
      version: settings.version,
      fetch,
    });
  let fields: PostFields;
  try {
    fields = (await get<PostFields>(`/${postId}`, { fields: "reactions.summary(true),comments.summary(true),shares" }))
      .body;
  } catch (err) {
    throw mapGraphError(err, "reading the Facebook post");
  }
  const insights: Record<string, number | null> = {};
  try {
    const answer = await get<Insights>(`/${postId}/insights`, { metric: FACEBOOK_POST_INSIGHTS.join(",") });
    for (const m of answer.body.data ?? []) if (m.name) insights[m.name] = count(m.values?.[0]?.value);
  } catch (err) {
    // Insights refused (#100 invalid metric, #3001, a Page under 100 likes): report what the post itself says.
    if (!(err instanceof GraphApiError) || err.code === 190 || err.code === 102) {
      throw mapGraphError(err, "reading the Facebook post's insights");
    }
    log.warn({ postId, code: err.code, err: err.message }, "post insights refused; reporting counts only");
  }
  let followers: number | null = null;
  try {
    followers = count(
      (await get<{ followers_count?: unknown }>(`/${pageId}`, { fields: "followers_count" })).body.followers_count,
    );
  } catch (err) {
    if (!(err instanceof GraphApiError)) throw mapGraphError(err, "reading the Page's followers");
  }
  return {
    impressions: insights.post_media_view ?? null,
    reach: insights.post_total_media_view_unique ?? null,
    likes: count(fields.reactions?.summary?.total_count) ?? 0,
    comments: count(fields.comments?.summary?.total_count) ?? 0,
    shares: count(fields.shares?.count) ?? 0,
    saves: 0,
    clicks: insights.post_clicks ?? 0,
    followers,
  };
}
