"use client";

import { useQuery } from "@tanstack/react-query";
import { apiGet } from "@/lib/hooks/api-fetch";
import type { PostView } from "@/lib/hooks/api-types";
import { POLL_MS } from "@/lib/hooks/poll";

const HOUR = 3_600_000;
const DAY = 24 * HOUR;

/** The dashboard's window: the last week and the next month, anchored to the hour so the query key is stable. */
export function dashboardRange(now = Date.now()) {
  const anchor = Math.floor(now / HOUR) * HOUR;
  return { from: new Date(anchor - 7 * DAY).toISOString(), to: new Date(anchor + 31 * DAY).toISOString() };
}

// GET /api/posts?from&to – posts scheduled in a range, polled so worker changes appear without a reload
export function usePosts(token: string, range: { from: string; to: string }) {
  return useQuery({
    queryKey: ["posts", token, range],
    queryFn: async ({ signal }) => {
      const qs = new URLSearchParams(range);
      const body = await apiGet<{ posts: PostView[] }>(`/api/posts?${qs}`, token, { signal });
      return body.posts;
    },
    refetchInterval: POLL_MS,
  });
}
