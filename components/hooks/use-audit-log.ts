"use client";

import { useInfiniteQuery } from "@tanstack/react-query";
import { apiGet } from "@/components/hooks/api-fetch";
import type { AuditEventItem } from "@/components/settings/audit/describe-audit-event";

/** Events per page of Settings → Audit log. */
export const AUDIT_PAGE_SIZE = 50;

// GET /api/audit?limit&cursor – the workspace's audit log, newest first, a page at a time (nextCursor)
export function useAuditLog({ enabled = true }: { enabled?: boolean } = {}) {
  return useInfiniteQuery({
    queryKey: ["audit"],
    enabled,
    initialPageParam: null as string | null,
    queryFn: ({ pageParam, signal }) => {
      const qs = new URLSearchParams({ limit: String(AUDIT_PAGE_SIZE) });
      if (pageParam) qs.set("cursor", pageParam);
      return apiGet<{ items: AuditEventItem[]; nextCursor: string | null }>(`/api/audit?${qs}`, null, { signal });
    },
    getNextPageParam: (last) => last.nextCursor,
  });
}
