"use client";

import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { apiGet, apiSend } from "@/components/hooks/api-fetch";
import type { PostView } from "@/components/hooks/api-types";
import { POSTS_KEY } from "@/components/hooks/use-calendar-posts";
import type { BulkResult } from "@/lib/posts/bulk-act-on-posts";
import type { BulkPostsInput } from "@/lib/schemas/bulk-posts";

/** The URL parameters the posts list reads and GET /api/posts takes (README "Finding posts"). */
export const FILTER_KEYS = ["q", "status", "outcome", "channel", "tag", "author"] as const;

// GET /api/posts?q&status&outcome&channel&tag&author – the posts list's search (the filters from the page's URL)
export function usePostSearch(params: URLSearchParams) {
  const qs = new URLSearchParams();
  for (const key of FILTER_KEYS) {
    const value = params.get(key);
    if (value) qs.set(key, value);
  }
  qs.set("limit", "200");
  return useQuery({
    queryKey: [...POSTS_KEY, "search", qs.toString()],
    queryFn: async ({ signal }) => (await apiGet<{ posts: PostView[] }>(`/api/posts?${qs}`, null, { signal })).posts,
  });
}

// POST /api/posts/bulk – one action on many posts, all or nothing; answers the body that undoes it
export function useBulkPosts() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (body: BulkPostsInput) => apiSend<BulkResult>("POST", "/api/posts/bulk", body),
    onSettled: () => queryClient.invalidateQueries({ queryKey: POSTS_KEY }),
  });
}
