"use client";

import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { apiGet, apiSend } from "@/components/hooks/api-fetch";
import type { PostStatus, PostView } from "@/components/hooks/api-types";
import { POLL_MS } from "@/components/hooks/poll";
import { POSTS_KEY } from "@/components/hooks/use-calendar-posts";
import type { PostingScheduleResponse } from "@/lib/schemas/posting-schedule";

/** One weekly slot as the API speaks it: dayOfWeek 0 = Sunday … 6 = Saturday, time "HH:mm" in the workspace's zone. */
export type SlotView = { dayOfWeek: number; time: string };

/** GET /api/channels/:id/posting-schedule (README "Queue"): the slots, and the best-times `proposal`. */
export type PostingScheduleView = PostingScheduleResponse;

/** A post in the queue view (GET /api/queue). */
export type QueuePostView = {
  id: string;
  content: string;
  status: PostStatus;
  reviewState: string | null;
  version: number;
  scheduledAt: string;
  channelIds: string[];
};

/** One instant of the queue: a slot occurrence (`slot: true`) and/or posts at a custom time (`slot: false`). */
export type QueueEntryView = {
  at: string;
  /** The wall clock in the workspace's zone with its offset, e.g. "2026-12-01T09:15:00+01:00". */
  atLocal: string;
  slot: boolean;
  slotChannelIds: string[];
  posts: QueuePostView[];
};

export type QueueView = { timezone: string; from: string; to: string; entries: QueueEntryView[] };

/** What "Add to queue" answers: the post, and the slot it got. */
export type QueuedPostView = PostView & { queueSlot: { scheduledAt: string; scheduledAtLocal: string } };

export type ReorderBody = { order: { postId: string; version: number }[] };
export type ReorderResult = { posts: PostView[]; undo: ReorderBody };

// Under POSTS_KEY: every post mutation anywhere (composer, calendar, bulk) refreshes the queue as well.
export const QUEUE_KEY = [...POSTS_KEY, "queue"] as const;
const SCHEDULE_KEY = ["posting-schedule"] as const;

// GET /api/queue?channelId=&days= – the upcoming slots and posts, ascending
export function usePostingQueue(channelId: string | null, days = 14) {
  return useQuery({
    queryKey: [...QUEUE_KEY, channelId, days],
    queryFn: ({ signal }) => {
      const query = new URLSearchParams({ days: String(days) });
      if (channelId) query.set("channelId", channelId);
      return apiGet<QueueView>(`/api/queue?${query}`, null, { signal });
    },
    // The list starts at "now": keep it moving; faster while a post is going out (it leaves the queue once sent).
    refetchInterval: (query) =>
      query.state.data?.entries.some((e) => e.posts.some((p) => p.status === "PUBLISHING")) ? POLL_MS : 60_000,
  });
}

// GET /api/channels/:id/posting-schedule – the channel's slots and the best-times proposal
export function usePostingSchedule(channelId: string | null) {
  return useQuery({
    queryKey: [...SCHEDULE_KEY, channelId],
    queryFn: ({ signal }) =>
      apiGet<PostingScheduleView>(`/api/channels/${encodeURIComponent(channelId ?? "")}/posting-schedule`, null, {
        signal,
      }),
    enabled: channelId !== null,
  });
}

// PUT /api/channels/:id/posting-schedule – replace the channel's slots
export function useSavePostingSchedule(channelId: string) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (slots: SlotView[]) =>
      apiSend<PostingScheduleView>("PUT", `/api/channels/${encodeURIComponent(channelId)}/posting-schedule`, {
        slots,
      }),
    onSuccess: (saved) => queryClient.setQueryData([...SCHEDULE_KEY, channelId], saved),
    onSettled: () => queryClient.invalidateQueries({ queryKey: QUEUE_KEY }),
  });
}

function useInvalidatePosts() {
  const queryClient = useQueryClient();
  return () => queryClient.invalidateQueries({ queryKey: POSTS_KEY });
}

// POST /api/posts/:id/queue – the next free slot of the post's channels, scheduled as "Schedule" does
export function useQueuePost() {
  const invalidate = useInvalidatePosts();
  return useMutation({
    mutationFn: (postId: string) => apiSend<QueuedPostView>("POST", `/api/posts/${encodeURIComponent(postId)}/queue`),
    onSettled: invalidate,
  });
}

// POST /api/queue/reorder – the posts in `order` take their current times, earliest first
export function useReorderQueue() {
  const invalidate = useInvalidatePosts();
  return useMutation({
    mutationFn: (body: ReorderBody) => apiSend<ReorderResult>("POST", "/api/queue/reorder", body),
    onSettled: invalidate,
  });
}

// POST /api/scheduling/posts/:id/share-now – publish at once (the slot frees up)
export function useShareNow() {
  const invalidate = useInvalidatePosts();
  return useMutation({
    mutationFn: (postId: string) =>
      apiSend<PostView>("POST", `/api/scheduling/posts/${encodeURIComponent(postId)}/share-now`),
    onSettled: invalidate,
  });
}
