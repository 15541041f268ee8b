"use client";

import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { ApiRequestError, apiGet } from "@/lib/hooks/api-fetch";
import { POSTS_KEY } from "@/lib/hooks/use-calendar-posts";
import type { EvergreenLibraryResponse, RotateEvergreenInput, RotateEvergreenResponse } from "@/lib/schemas/evergreen";

export type { EvergreenLibraryResponse, RotateEvergreenResponse };
export type EvergreenPostView = EvergreenLibraryResponse["posts"][number];

// GET /api/scheduling/evergreen?timezone – the library in rotation order. Keyed under "posts": every post
// change (calendar, composer, rotation) invalidates ["posts"], and the library's times and skips follow.
export function useEvergreenLibrary(timezone: string | null) {
  return useQuery({
    queryKey: [...POSTS_KEY, "evergreen", timezone],
    queryFn: ({ signal }) => {
      const qs = new URLSearchParams(timezone ? { timezone } : {});
      return apiGet<EvergreenLibraryResponse>(`/api/scheduling/evergreen?${qs}`, null, { signal });
    },
    enabled: timezone !== null,
  });
}

/** A same-origin JSON POST: the browser sends the session cookie and its Origin (checked against CSRF). */
async function postJson<T>(path: string, body: unknown): Promise<T> {
  let res: Response;
  try {
    res = await fetch(path, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify(body),
      credentials: "same-origin",
      cache: "no-store",
    });
  } catch {
    throw new ApiRequestError(0, "network", "Cannot reach the Cadence server");
  }
  const json = (await res.json().catch(() => null)) as (T & { error?: { code?: string; message?: string } }) | null;
  if (!res.ok || !json)
    throw new ApiRequestError(
      res.status,
      json?.error?.code ?? "http_error",
      json?.error?.message ?? `${res.status} ${res.statusText || "request failed"}`,
    );
  return json;
}

// POST /api/scheduling/evergreen/rotate – schedule the most overdue evergreen posts at suggested times, all or
// nothing. Invalidates every posts query so the calendar (and this library) show the new times at once.
export function useRotateEvergreen() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (input: RotateEvergreenInput) =>
      postJson<RotateEvergreenResponse>("/api/scheduling/evergreen/rotate", input),
    onSettled: () => queryClient.invalidateQueries({ queryKey: POSTS_KEY }),
  });
}
