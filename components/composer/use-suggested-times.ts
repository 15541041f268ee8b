"use client";

import { useQuery } from "@tanstack/react-query";
import type { Platform } from "@/lib/generated/prisma/enums";
import { apiGet } from "@/lib/hooks/api-fetch";
import type { OptimalTimesResponse } from "@/lib/schemas/optimal-times";

// GET /api/scheduling/optimal-times?platform&timezone – the top-scored weekday × hour cells for the chips
export function useSuggestedTimes(platform: Platform | undefined, timezone: string) {
  return useQuery({
    queryKey: ["composer-suggestions", platform, timezone],
    queryFn: async ({ signal }) => {
      const qs = new URLSearchParams({ platform: platform ?? "", timezone });
      return apiGet<OptimalTimesResponse>(`/api/scheduling/optimal-times?${qs}`, null, { signal });
    },
    enabled: !!platform,
    staleTime: 5 * 60_000,
  });
}
