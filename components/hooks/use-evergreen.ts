"use client";

import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { apiGet, apiSend } from "@/components/hooks/api-fetch";
import { POSTS_KEY } from "@/components/hooks/use-calendar-posts";
import type { EvergreenLibraryResponse, RotateEvergreenInput, RotateEvergreenResponse } from "@/lib/schemas/evergreen";

export type { EvergreenLibraryResponse, RotateEvergreenResponse };
export type EvergreenPostView = EvergreenLibraryResponse["posts"][number];

// GET /api/scheduling/evergreen?timezone – the library in rotation order. Keyed under "posts": every post
// change (calendar, composer, rotation) invalidates ["posts"], and the library's times and skips follow.
export function useEvergreenLibrary(timezone: string) {
  return useQuery({
    queryKey: [...POSTS_KEY, "evergreen", timezone],
    queryFn: ({ signal }) => {
      const qs = new URLSearchParams({ timezone });
      return apiGet<EvergreenLibraryResponse>(`/api/scheduling/evergreen?${qs}`, null, { signal });
    },
  });
}

// POST /api/scheduling/evergreen/rotate – schedule the most overdue evergreen posts at suggested times, all or
// nothing. Invalidates every posts query so the calendar (and this library) show the new times at once.
export function useRotateEvergreen() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (input: RotateEvergreenInput) =>
      apiSend<RotateEvergreenResponse>("POST", "/api/scheduling/evergreen/rotate", input),
    onSettled: () => queryClient.invalidateQueries({ queryKey: POSTS_KEY }),
  });
}
