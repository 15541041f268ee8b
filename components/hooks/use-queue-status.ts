"use client";

import { useQuery } from "@tanstack/react-query";
import { apiGet } from "@/components/hooks/api-fetch";
import type { QueueStatus } from "@/components/hooks/api-types";
import { POLL_MS } from "@/components/hooks/poll";

// GET /api/scheduling/queue – job counts, last sweep, live workers (polled while `enabled`)
export function useQueueStatus(enabled = true) {
  return useQuery({
    queryKey: ["queue"],
    queryFn: ({ signal }) => apiGet<QueueStatus>("/api/scheduling/queue", null, { signal }),
    refetchInterval: POLL_MS,
    enabled,
  });
}
