"use client";

import { useInfiniteQuery, useMutation, useQueryClient } from "@tanstack/react-query";
import { apiGet, apiSend } from "@/components/hooks/api-fetch";
import type { MediaListItem, MediaResponse } from "@/lib/media/media-schemas";

export type { MediaListItem, MediaResponse };
export type MediaKindFilter = "image" | "video" | undefined;

/** Every library query starts with this key, so uploads, renames and deletes refresh them all. */
export const MEDIA_KEY = ["media"] as const;
/** Items per page of the grid. */
export const MEDIA_PAGE_SIZE = 48;

type MediaPage = { items: MediaListItem[]; nextCursor: string | null };

// GET /api/media?q&kind&cursor&limit – the library, newest first, a page at a time (nextCursor)
export function useMediaLibrary({ q, kind }: { q: string; kind: MediaKindFilter }) {
  return useInfiniteQuery({
    queryKey: [...MEDIA_KEY, "list", { q, kind }],
    initialPageParam: null as string | null,
    queryFn: ({ pageParam, signal }) => {
      const qs = new URLSearchParams({ limit: String(MEDIA_PAGE_SIZE) });
      if (q) qs.set("q", q);
      if (kind) qs.set("kind", kind);
      if (pageParam) qs.set("cursor", pageParam);
      return apiGet<MediaPage>(`/api/media?${qs}`, null, { signal });
    },
    getNextPageParam: (last) => last.nextCursor,
  });
}

function useInvalidateMedia() {
  const queryClient = useQueryClient();
  return () => queryClient.invalidateQueries({ queryKey: MEDIA_KEY });
}

// PATCH /api/media/:id – rename (display name only)
export function useRenameMedia() {
  const invalidate = useInvalidateMedia();
  return useMutation({
    mutationFn: ({ id, name }: { id: string; name: string }) =>
      apiSend<MediaResponse>("PATCH", `/api/media/${id}`, { name }),
    onSettled: invalidate,
  });
}

// DELETE /api/media/:id – 409 while a scheduled or publishing post uses it
export function useDeleteMedia() {
  const invalidate = useInvalidateMedia();
  return useMutation({
    mutationFn: (id: string) => apiSend<void>("DELETE", `/api/media/${id}`),
    onSettled: invalidate,
  });
}

/** Refreshes the library (after uploads). */
export function useRefreshMedia() {
  return useInvalidateMedia();
}
