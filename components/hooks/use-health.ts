"use client";

import { useQuery } from "@tanstack/react-query";
import { apiGet } from "@/components/hooks/api-fetch";
import type { HealthReport } from "@/components/hooks/api-types";
import { POLL_MS } from "@/components/hooks/poll";

// GET /api/health – service reachability and worker heartbeat (503 still carries the report)
export function useHealth(enabled: boolean) {
  return useQuery({
    queryKey: ["health"],
    queryFn: ({ signal }) => apiGet<HealthReport>("/api/health", null, { signal, allowStatuses: [503] }),
    refetchInterval: POLL_MS,
    enabled,
  });
}
