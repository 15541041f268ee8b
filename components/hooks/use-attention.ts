"use client";

import { useQuery } from "@tanstack/react-query";
import { apiGet } from "@/components/hooks/api-fetch";
import type { AttentionView } from "@/components/hooks/api-types";
import { POLL_MS } from "@/components/hooks/poll";

export const ATTENTION_KEY = ["attention"] as const;

// GET /api/attention – posts that failed, partly published or are unconfirmed, channels to reconnect, post counts
export function useAttention() {
  return useQuery({
    queryKey: ATTENTION_KEY,
    queryFn: ({ signal }) => apiGet<AttentionView>("/api/attention", null, { signal }),
    refetchInterval: POLL_MS,
  });
}
