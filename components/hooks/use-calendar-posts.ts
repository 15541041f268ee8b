"use client";

import { keepPreviousData, useQuery } from "@tanstack/react-query";
import { apiGet } from "@/components/hooks/api-fetch";
import type { PostView } from "@/components/hooks/api-types";
import { POLL_MS } from "@/components/hooks/poll";
import type { ResultStatus } from "@/lib/generated/prisma/enums";
import type { CalendarChannelResponse, CalendarPostResponse, CalendarResponse } from "@/lib/schemas/calendar";

/** Every calendar query starts with this key, so a mutation invalidates them all at once. */
export const POSTS_KEY = ["posts"] as const;

export type CalendarRange = { from: string; to: string };

/** A channel of a calendar post: its account and colour, and its result in the post's latest publication. */
export type CalendarChannelView = CalendarChannelResponse & { result: ResultStatus | null };
/** A post on the grid (GET /api/calendar) with its channels described. */
export type CalendarPostView = Omit<CalendarPostResponse, "channels" | "outcome"> & {
  channels: CalendarChannelView[];
  outcome: null | {
    state: NonNullable<CalendarPostResponse["outcome"]>["state"];
    /** FAILED or UNCONFIRMED channels of the latest publication, deleted ones included. */
    failing: (CalendarChannelResponse & { status: "FAILED" | "UNCONFIRMED" })[];
  };
};

/** A channel the answer does not describe (cannot happen unless it was removed between the two statements). */
const unknownChannel = (id: string): CalendarChannelResponse => ({
  id,
  platform: "SANDBOX",
  displayName: "Removed channel",
  accountName: null,
  avatarUrl: null,
  color: "#6b7280",
  active: false,
  deleted: true,
});

/** GET /api/calendar's answer → posts with their channels described (the answer lists each channel once). */
export function describeCalendarPosts(answer: CalendarResponse): CalendarPostView[] {
  const byId = new Map(answer.channels.map((c) => [c.id, c]));
  const channel = (id: string) => byId.get(id) ?? unknownChannel(id);
  return answer.posts.map((post) => ({
    ...post,
    channels: post.channels.map((c) => ({ ...channel(c.id), result: c.result })),
    outcome: post.outcome
      ? {
          state: post.outcome.state,
          failing: post.outcome.failing.map((f) => ({ ...channel(f.id), status: f.status })),
        }
      : null,
  }));
}

// GET /api/calendar?from&to – the posts of the visible calendar range, polled so worker changes (published,
// failed) appear without a reload; the previous range stays on screen while the next one loads (no jump).
export function useCalendarPosts(range: CalendarRange | null) {
  return useQuery({
    queryKey: [...POSTS_KEY, "calendar", range],
    queryFn: async ({ signal }) => {
      const qs = new URLSearchParams(range ?? {});
      const answer = await apiGet<CalendarResponse>(`/api/calendar?${qs}`, null, { signal });
      return {
        posts: describeCalendarPosts(answer),
        truncated: answer.truncated,
        channels: new Map(answer.channels.map((c) => [c.id, c])),
      };
    },
    enabled: range !== null,
    refetchInterval: POLL_MS,
    placeholderData: keepPreviousData,
  });
}

/** Drafts the list loads at most (the API's own maximum page); the list says when there are more. */
export const DRAFTS_LIMIT = 1000;

// GET /api/posts?status=DRAFT – drafts, most without a time (they stay off the grid, listed beside it), newest first
export function useDraftPosts() {
  return useQuery({
    queryKey: [...POSTS_KEY, "drafts"],
    queryFn: async ({ signal }) =>
      (await apiGet<{ posts: PostView[] }>(`/api/posts?status=DRAFT&limit=${DRAFTS_LIMIT}`, null, { signal })).posts,
    refetchInterval: POLL_MS,
  });
}
