"use client";

import { useMutation, useQueryClient } from "@tanstack/react-query";
import { apiSend } from "@/components/hooks/api-fetch";
import type { PostView } from "@/components/hooks/api-types";
import { POSTS_KEY } from "@/components/hooks/use-calendar-posts";

/** Kept as the composer's name for an API error with field details (`issues`). */
export { ApiRequestError as ApiFieldError, type FieldIssue } from "@/components/hooks/api-fetch";

/** With `scheduledAt` (and `timezone`), POST /api/posts creates and schedules in one step: refused, nothing is saved. */
export type PostInput = {
  content: string;
  channelIds: string[];
  /** The post's own text per channel ("Customise"); null: the channel gets `content`. */
  channelContent?: Record<string, string | null>;
  tags: string[];
  mediaUrls: string[];
  /** Library media in order (replaces the post's whole list on PATCH); without altText an item has none. */
  media?: { id: string; altText?: string }[];
  scheduledAt?: string;
  timezone?: string;
  /** POST only, instead of scheduledAt: create and put in the next free slot of its channels (README "Queue"). */
  queue?: true;
  /** PATCH only: the version last read; the edit is then refused (409) if the post moved on since. */
  version?: number;
};
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

/** What POST /api/posts/:id/duplicate answers: the new draft, and the channels it could not keep (with why). */
export type DuplicateResult = {
  post: PostView;
  droppedChannels: { id: string; platform: string; displayName: string; reason: string }[];
};

// POST /api/posts/:id/duplicate – a draft copy (no time), here or in another of the person's workspaces
export function useDuplicatePost() {
  const invalidate = useInvalidatePosts();
  return useMutation({
    mutationFn: ({ id, workspaceId }: { id: string; workspaceId?: string }) =>
      apiSend<DuplicateResult>("POST", `/api/posts/${id}/duplicate`, workspaceId ? { workspaceId } : undefined),
    onSettled: invalidate,
  });
}
