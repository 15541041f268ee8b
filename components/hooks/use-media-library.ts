"use client";

import { useInfiniteQuery } from "@tanstack/react-query";
import { apiGet } from "@/components/hooks/api-fetch";
import type { MediaView } from "@/components/hooks/api-types";

export const MEDIA_KEY = ["media"] as const;

/** Items per page of the library picker. */
const PAGE_SIZE = 30;

// GET /api/media?q=&kind=&cursor=&limit= – the workspace's library, newest first, page by page (nextCursor)
export function useMediaLibrary({
  q,
  kind,
  enabled = true,
}: {
  q: string;
  kind?: "image" | "video";
  enabled?: boolean;
}) {
  return useInfiniteQuery({
    queryKey: [...MEDIA_KEY, { q: q.trim(), kind: kind ?? null }],
    enabled,
    initialPageParam: null as string | null,
    queryFn: ({ pageParam, signal }) => {
      const params = new URLSearchParams({ limit: String(PAGE_SIZE) });
      if (q.trim()) params.set("q", q.trim());
      if (kind) params.set("kind", kind);
      if (pageParam) params.set("cursor", pageParam);
      return apiGet<{ items: MediaView[]; nextCursor: string | null }>(`/api/media?${params}`, null, { signal });
    },
    getNextPageParam: (last) => last.nextCursor,
    staleTime: 15_000,
  });
}
