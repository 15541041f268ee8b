"use client";

import { useQuery } from "@tanstack/react-query";
import { apiGet } from "@/lib/hooks/api-fetch";
import type { QueueStatus } from "@/lib/hooks/api-types";
import { POLL_MS } from "@/lib/hooks/poll";

// GET /api/scheduling/queue – job counts, last sweep, live workers
export function useQueueStatus(token: string) {
  return useQuery({
    queryKey: ["queue", token],
    queryFn: ({ signal }) => apiGet<QueueStatus>("/api/scheduling/queue", token, { signal }),
    refetchInterval: POLL_MS,
  });
}
