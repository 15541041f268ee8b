"use client";

import { useMutation, useQueryClient } from "@tanstack/react-query";
import { ApiRequestError } from "@/lib/hooks/api-fetch";
import type { PostView } from "@/lib/hooks/api-types";
import { POSTS_KEY } from "@/lib/hooks/use-calendar-posts";

export type FieldIssue = { path: string; message: string };

/** An API error with the field-level `details` of the error body, so forms can show each next to its field. */
export class ApiFieldError extends ApiRequestError {
  constructor(
    status: number,
    code: string,
    message: string,
    readonly issues: FieldIssue[],
  ) {
    super(status, code, message);
  }
}

function readIssues(details: unknown): FieldIssue[] {
  if (!Array.isArray(details)) return [];
  return details.flatMap((d) =>
    d && typeof d === "object" && typeof d.path === "string" && typeof d.message === "string"
      ? [{ path: d.path, message: d.message }]
      : [],
  );
}

/** A same-origin JSON write; the browser sends the session cookie (and its Origin, checked against CSRF). */
async function apiSend<T>(method: "POST" | "PATCH" | "DELETE", path: string, body?: unknown): Promise<T> {
  let res: Response;
  try {
    res = await fetch(path, {
      method,
      headers: body === undefined ? {} : { "content-type": "application/json" },
      body: body === undefined ? undefined : JSON.stringify(body),
      credentials: "same-origin",
      cache: "no-store",
    });
  } catch {
    throw new ApiFieldError(0, "network", "Cannot reach the Cadence server", []);
  }
  if (res.status === 204) return undefined as T;
  const json = (await res.json().catch(() => null)) as {
    error?: { code?: string; message?: string; details?: unknown };
  } | null;
  if (!res.ok) {
    const error = json?.error;
    throw new ApiFieldError(
      res.status,
      error?.code ?? "http_error",
      error?.message ?? `${res.status} ${res.statusText || "request failed"}`,
      readIssues(error?.details),
    );
  }
  return json as T;
}

export type PostInput = { content: string; channelIds: string[]; tags: string[]; mediaUrls: string[] };
/** `scheduledAt`: an ISO instant, or a wall clock "YYYY-MM-DDTHH:mm" read in `timezone`. */
export type ScheduleInput = { id: string; scheduledAt: string; timezone?: string };

function useInvalidatePosts() {
  const queryClient = useQueryClient();
  return () => queryClient.invalidateQueries({ queryKey: POSTS_KEY });
}

// POST /api/posts (new draft) or PATCH /api/posts/:id (edit; a scheduled post keeps its time)
export function useSavePost() {
  const invalidate = useInvalidatePosts();
  return useMutation({
    mutationFn: ({ id, input }: { id?: string; input: PostInput }) =>
      id ? apiSend<PostView>("PATCH", `/api/posts/${id}`, input) : apiSend<PostView>("POST", "/api/posts", input),
    onSettled: invalidate,
  });
}

// POST /api/scheduling/posts/:id/schedule – schedule or reschedule (the queue follows the new version)
export function useSchedulePost() {
  const invalidate = useInvalidatePosts();
  return useMutation({
    mutationFn: ({ id, scheduledAt, timezone }: ScheduleInput) =>
      apiSend<PostView>("POST", `/api/scheduling/posts/${id}/schedule`, { scheduledAt, timezone }),
    onSettled: invalidate,
  });
}

// DELETE /api/scheduling/posts/:id/schedule – back to draft, job removed
export function useUnschedulePost() {
  const invalidate = useInvalidatePosts();
  return useMutation({
    mutationFn: (id: string) => apiSend<PostView>("DELETE", `/api/scheduling/posts/${id}/schedule`),
    onSettled: invalidate,
  });
}

// DELETE /api/posts/:id – delete a post and its queued job
export function useDeletePost() {
  const invalidate = useInvalidatePosts();
  return useMutation({
    mutationFn: (id: string) => apiSend<void>("DELETE", `/api/posts/${id}`),
    onSettled: invalidate,
  });
}
