"use client";

import { keepPreviousData, useQuery } from "@tanstack/react-query";
import { apiGet } from "@/components/hooks/api-fetch";
import type { PostView } from "@/components/hooks/api-types";
import { POLL_MS } from "@/components/hooks/poll";

/** Every calendar query starts with this key, so a mutation invalidates them all at once. */
export const POSTS_KEY = ["posts"] as const;

export type CalendarRange = { from: string; to: string };

// GET /api/posts?from&to – the posts of the visible calendar range, polled so worker changes (published,
// failed) appear without a reload; the previous range stays on screen while the next one loads (no jump).
export function useCalendarPosts(range: CalendarRange | null) {
  return useQuery({
    queryKey: [...POSTS_KEY, "calendar", range],
    queryFn: async ({ signal }) => {
      const qs = new URLSearchParams(range ?? {});
      return (await apiGet<{ posts: PostView[] }>(`/api/posts?${qs}`, null, { signal })).posts;
    },
    enabled: range !== null,
    refetchInterval: POLL_MS,
    placeholderData: keepPreviousData,
  });
}

/** Drafts the list loads at most (the API's own maximum page); the list says when there are more. */
export const DRAFTS_LIMIT = 1000;

// GET /api/posts?status=DRAFT – drafts, most without a time (they stay off the grid, listed beside it), newest first
export function useDraftPosts() {
  return useQuery({
    queryKey: [...POSTS_KEY, "drafts"],
    queryFn: async ({ signal }) =>
      (await apiGet<{ posts: PostView[] }>(`/api/posts?status=DRAFT&limit=${DRAFTS_LIMIT}`, null, { signal })).posts,
    refetchInterval: POLL_MS,
  });
}
