"use client";

import { useQuery } from "@tanstack/react-query";
import { apiGet } from "@/components/hooks/api-fetch";
import type { OptimalSlot, OptimalTimesResponse } from "@/lib/schemas/optimal-times";

export type { OptimalSlot, OptimalTimesResponse };

/** Metrics change at most every few minutes (the collector), so the grid can stay fresh for a while. */
const OPTIMAL_TIMES_STALE_MS = 5 * 60_000;

// GET /api/scheduling/optimal-times?platform&timezone&days – the 7×24 grid and top slots for a platform
export function useOptimalTimes({ platform, timezone, days }: { platform: string; timezone: string; days?: number }) {
  return useQuery({
    queryKey: ["optimal-times", platform, timezone, days ?? null],
    queryFn: ({ signal }) => {
      const qs = new URLSearchParams({ platform, timezone });
      if (days) qs.set("days", String(days));
      return apiGet<OptimalTimesResponse>(`/api/scheduling/optimal-times?${qs}`, null, { signal });
    },
    enabled: Boolean(platform && timezone),
    staleTime: OPTIMAL_TIMES_STALE_MS,
  });
}
