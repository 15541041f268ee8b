"use client";

import { useQuery } from "@tanstack/react-query";
import { apiGet } from "@/components/hooks/api-fetch";
import { POSTS_KEY } from "@/components/hooks/use-calendar-posts";
import type { PostMetricsResponse } from "@/lib/schemas/metrics";

export type { PostMetricsResponse };

// GET /api/posts/:id/metrics – each channel's latest engagement figures. Refetched every few minutes while shown:
// collection reads a post at 1 h, 24 h and 72 h, so figures change rarely.
export function usePostMetrics(postId: string) {
  return useQuery({
    queryKey: [...POSTS_KEY, "metrics", postId],
    queryFn: ({ signal }) =>
      apiGet<PostMetricsResponse>(`/api/posts/${encodeURIComponent(postId)}/metrics`, null, { signal }),
    refetchInterval: 5 * 60_000,
  });
}
