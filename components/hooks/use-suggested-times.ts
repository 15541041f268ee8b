"use client";

import { useQuery } from "@tanstack/react-query";
import { apiGet } from "@/components/hooks/api-fetch";
import type { SuggestedTimesResponse } from "@/lib/schemas/suggested-times";

export type { SuggestedTimesResponse };
export type SuggestedTime = SuggestedTimesResponse["times"][number];

// GET /api/scheduling/suggested-times?platform&timezone&count – concrete next instants at the best slots,
// clear of posts already scheduled. Keyed under the "posts" prefix: the answer depends on what is scheduled, so
// every posts mutation (they invalidate ["posts"]) refreshes the suggestions too.
export function useSuggestedTimes({
  platform,
  timezone,
  count = 3,
}: {
  platform: string;
  timezone: string;
  count?: number;
}) {
  return useQuery({
    queryKey: ["posts", "suggested-times", platform, timezone, count],
    queryFn: ({ signal }) => {
      const qs = new URLSearchParams({ platform, timezone, count: String(count) });
      return apiGet<SuggestedTimesResponse>(`/api/scheduling/suggested-times?${qs}`, null, { signal });
    },
    enabled: Boolean(platform && timezone),
    staleTime: 60_000,
  });
}
