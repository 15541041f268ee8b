import { z } from "zod";
import type { PostMetrics } from "@/lib/publishing/networks/types";

const postView = z.object({
  uri: z.string(),
  likeCount: z.number().int().min(0).optional(),
  repostCount: z.number().int().min(0).optional(),
  replyCount: z.number().int().min(0).optional(),
  quoteCount: z.number().int().min(0).optional(),
});
const getPostsAnswer = z.object({ posts: z.array(z.looseObject(postView.shape)) });

/**
 * A post's counters from an `app.bsky.feed.getPosts` answer (an AppView's post views,
 * https://docs.bsky.app/docs/api/app-bsky-feed-get-posts): likes ← likeCount, comments ← replyCount, shares ←
 * repostCount + quoteCount; Bluesky reports no impressions, reach, saves or clicks (null / 0). Returns null when the
 * answer has no view of `uri` (deleted, or not indexed yet). Throws ZodError for an answer of another shape.
 */
export function postMetricsFromGetPosts(answer: unknown, uri: string): PostMetrics | null {
  const view = getPostsAnswer.parse(answer).posts.find((p) => p.uri === uri);
  if (!view) return null;
  return {
    impressions: null,
    reach: null,
    likes: view.likeCount ?? 0,
    comments: view.replyCount ?? 0,
    shares: (view.repostCount ?? 0) + (view.quoteCount ?? 0),
    saves: 0,
    clicks: 0,
    followers: null,
  };
}
