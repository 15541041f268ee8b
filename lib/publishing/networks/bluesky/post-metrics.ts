import { z } from "zod";
import type { PostMetrics } from "@/lib/publishing/networks/types";

const count = z.number().int().min(0).optional();
const postView = z.object({
  uri: z.string(),
  likeCount: count,
  repostCount: count,
  replyCount: count,
  quoteCount: count,
});
const getPostsAnswer = z.object({ posts: z.array(z.looseObject(postView.shape)) });
const getProfileAnswer = z.looseObject({ did: z.string(), followersCount: count });

/**
 * A post's counters from an AppView's answers (bsky.social's PDS proxies both to the Bluesky AppView):
 * `app.bsky.feed.getPosts` (post views, https://docs.bsky.app/docs/api/app-bsky-feed-get-posts) gives
 * likes ← likeCount, comments ← replyCount, shares ← repostCount + quoteCount; `app.bsky.actor.getProfile` of the
 * author (https://docs.bsky.app/docs/api/app-bsky-actor-get-profile) gives followers ← followersCount (null when the
 * AppView leaves it out). Bluesky reports no impressions, reach, saves or clicks (null / 0). An absent counter is 0.
 * Returns null when the getPosts answer has no view of `uri` (deleted, or not indexed yet). Throws ZodError for an
 * answer of another shape.
 */
export function postMetricsFromGetPosts(answer: unknown, uri: string, profile: unknown): PostMetrics | null {
  const view = getPostsAnswer.parse(answer).posts.find((p) => p.uri === uri);
  const { followersCount } = getProfileAnswer.parse(profile);
  if (!view) return null;
  return {
    impressions: null,
    reach: null,
    likes: view.likeCount ?? 0,
    comments: view.replyCount ?? 0,
    shares: (view.repostCount ?? 0) + (view.quoteCount ?? 0),
    saves: 0,
    clicks: 0,
    followers: followersCount ?? null,
  };
}
