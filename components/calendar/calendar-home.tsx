"use client";

import { useQuery, useQueryClient } from "@tanstack/react-query";
import dynamic from "next/dynamic";
import { useRouter, useSearchParams } from "next/navigation";
import { useCallback, useEffect, useRef, useState } from "react";
import { toast } from "sonner";
import { wallClockIn } from "@/components/calendar/calendar-events";
import { DraftsList } from "@/components/calendar/drafts-list";
import type { DraftDrop, PostDrop } from "@/components/calendar/post-calendar";
import { resolveSlotPick, type SlotPick } from "@/components/calendar/slot-pick";
import { browserZone, zoneLabel } from "@/components/calendar/time-zones";
import { TimezoneSelect } from "@/components/calendar/timezone-select";
import { useIsPhone } from "@/components/calendar/use-is-phone";
import { useWorkspaceZone } from "@/components/calendar/use-workspace-zone";
import { ComposerDialog, type ComposerTarget } from "@/components/composer/composer-dialog";
import { apiGet } from "@/components/hooks/api-fetch";
import type { PostView } from "@/components/hooks/api-types";
import { usePendingDeletions } from "@/components/hooks/pending-deletions";
import { POLL_MS } from "@/components/hooks/poll";
import { scheduledMessage } from "@/components/hooks/scheduled-message";
import {
  type CalendarPostView,
  type CalendarRange,
  POSTS_KEY,
  useCalendarPosts,
  useDraftPosts,
} from "@/components/hooks/use-calendar-posts";
import { useCan } from "@/components/hooks/use-permission";
import { useSchedulePost } from "@/components/hooks/use-post-mutations";
import { useSession } from "@/components/hooks/use-session";
import { useUndoToasts } from "@/components/hooks/use-undo-toasts";
import "@/components/calendar/calendar.css";

// FullCalendar only in the browser (it measures the DOM) and in its own chunk; the placeholder has the same
// height, so nothing jumps when it arrives.
const PostCalendar = dynamic(() => import("@/components/calendar/post-calendar").then((m) => m.PostCalendar), {
  ssr: false,
  loading: () => <div className="cal-skeleton" aria-hidden="true" />,
});

/** Re-renders every 30 s so the shaded past and "now" keep moving. */
function useNow(everyMs = 30_000): Date {
  const [now, setNow] = useState(() => new Date());
  useEffect(() => {
    const timer = setInterval(() => setNow(new Date()), everyMs);
    return () => clearInterval(timer);
  }, [everyMs]);
  return now;
}

/**
 * `/?post=<id>` (a link from the Media page's "used in"): loads that post, and hands it back once, so the calendar
 * can go to its date and open it in the composer; then the parameter leaves the URL. A post that cannot be loaded
 * (deleted, another workspace's) is reported once.
 */
function useLinkedPost(onFound: (post: PostView) => void) {
  const router = useRouter();
  const postId = useSearchParams().get("post");
  const linked = useQuery({
    queryKey: [...POSTS_KEY, "linked", postId],
    queryFn: ({ signal }) => apiGet<PostView>(`/api/posts/${encodeURIComponent(postId ?? "")}`, null, { signal }),
    enabled: postId !== null,
    retry: false,
    // Read fresh each time a link is followed (the composer starts from what it gets); nothing kept afterwards.
    gcTime: 0,
  });
  const handled = useRef<string | null>(null);
  useEffect(() => {
    if (postId === null) handled.current = null;
    if (postId === null || linked.isPending || handled.current === postId) return;
    handled.current = postId;
    if (linked.data) onFound(linked.data);
    else toast.error(`That post could not be opened: ${linked.error?.message ?? "not found"}`);
    router.replace("/", { scroll: false });
  }, [postId, linked.isPending, linked.data, linked.error, onFound, router]);
}

/** The home page: the posts calendar in the workspace's zone (switchable), drafts beside it, the composer on top. */
export function CalendarHome() {
  const workspaceZone = useWorkspaceZone();
  const weekStart = useSession().workspace.weekStart;
  const [chosenZone, setChosenZone] = useState<string | null>(null);
  const timeZone = chosenZone ?? workspaceZone;
  const [range, setRange] = useState<CalendarRange | null>(null);
  const posts = useCalendarPosts(range);
  const drafts = useDraftPosts();
  const schedule = useSchedulePost();
  const undoToasts = useUndoToasts();
  // Deleted in the composer, still undoable: hidden until the deletion is sent (components/hooks/pending-deletions.ts).
  const deleting = usePendingDeletions();
  const isPhone = useIsPhone();
  const now = useNow();
  const [composer, setComposer] = useState<(ComposerTarget & { key: number }) | null>(null);
  // A post opened from a link: the calendar goes to its date, and the composer has it even before its week loads.
  const [linkedPost, setLinkedPost] = useState<PostView | null>(null);
  const [focusDate, setFocusDate] = useState<string | null>(null);

  // Listed first in the zone pickers (which offer every IANA zone).
  const zones = [...new Set([workspaceZone, timeZone, ...(typeof window === "undefined" ? [] : [browserZone()])])];
  const open = useCallback(
    (target: Omit<ComposerTarget, "timezone"> & { timezone?: string }) =>
      setComposer({ timezone: timeZone, ...target, key: Date.now() }),
    [timeZone],
  );

  useLinkedPost(
    useCallback(
      (post: PostView) => {
        setLinkedPost(post);
        if (post.scheduledAt) setFocusDate(wallClockIn(new Date(post.scheduledAt), timeZone).slice(0, 10));
        setComposer({ postId: post.id, timezone: post.timezone ?? timeZone, key: Date.now() });
      },
      [timeZone],
    ),
  );

  // What the role may do (GET /api/auth/session): a Viewer or Approver reads the calendar but plans nothing.
  const canWrite = useCan("posts:write");
  const canSchedule = useCan("posts:schedule");

  const onPickSlot = useCallback(
    (slot: SlotPick) => {
      if (!canWrite) return;
      // Never a time already gone: a slot under way opens at its next 5 minutes, a month cell at today's next hour
      // (a later day at 09:00); a past slot says so instead.
      const picked = resolveSlotPick(slot, wallClockIn(new Date(), timeZone));
      if ("past" in picked) {
        toast.info("That time has passed: pick a later slot to plan a post.");
        return;
      }
      open(picked);
    },
    [open, timeZone, canWrite],
  );

  // A post on the grid carries what the grid draws; the composer starts from the whole post, loaded on click.
  const queryClient = useQueryClient();
  const openCalendarPost = useCallback(
    (post: CalendarPostView) => {
      queryClient
        .fetchQuery({
          queryKey: [...POSTS_KEY, "one", post.id],
          queryFn: ({ signal }) => apiGet<PostView>(`/api/posts/${encodeURIComponent(post.id)}`, null, { signal }),
        })
        .then(
          () => open({ postId: post.id, timezone: post.timezone ?? timeZone }),
          (error: Error) => toast.error(`That post could not be opened: ${error.message}`),
        );
    },
    [queryClient, open, timeZone],
  );
  // The open post, kept fresh while the composer shows it (the worker may publish it, a retry may settle it).
  const openId = composer?.postId;
  const opened = useQuery({
    queryKey: [...POSTS_KEY, "one", openId ?? null],
    queryFn: ({ signal }) => apiGet<PostView>(`/api/posts/${encodeURIComponent(openId ?? "")}`, null, { signal }),
    enabled: Boolean(openId),
    refetchInterval: POLL_MS,
  });

  const onDrop = useCallback(
    ({ post, scheduledAt, revert }: PostDrop) => {
      if (!canSchedule) {
        revert();
        toast.error("Not moved: your role cannot schedule posts");
        return;
      }
      // The slot's wall clock in the calendar's zone: the server resolves it there, or refuses a DST gap.
      schedule.mutate(
        { id: post.id, scheduledAt, timezone: timeZone },
        {
          // Undo puts it back at the instant it had, in the zone it was scheduled in.
          onSuccess: (moved) =>
            toast.success(scheduledMessage(moved, "Rescheduled to"), {
              duration: 10_000,
              action: {
                label: "Undo",
                onClick: () =>
                  schedule.mutate(
                    { id: post.id, scheduledAt: post.scheduledAt, timezone: post.timezone ?? timeZone },
                    {
                      onSuccess: (back) => toast.success(scheduledMessage(back, "Moved back to")),
                      onError: (error) => toast.error(`Not moved back: ${error.message}`),
                    },
                  ),
              },
            }),
          onError: (error) => {
            revert();
            toast.error(`Not moved: ${error.message}`);
          },
        },
      );
    },
    [schedule, timeZone, canSchedule],
  );

  // A state, not a ref: the calendar sets up dragging when the list element appears (after drafts load).
  const [draftsEl, setDraftsEl] = useState<HTMLUListElement | null>(null);
  const onDropDraft = useCallback(
    ({ postId, scheduledAt, done }: DraftDrop) => {
      // The slot's wall clock in the calendar's zone; the post remembers that zone for showing it back.
      schedule.mutate(
        { id: postId, scheduledAt, timezone: timeZone },
        {
          // Undo makes it a draft again.
          onSuccess: (scheduled) =>
            undoToasts.scheduled({ id: postId, status: "DRAFT", scheduledAt: null, timezone: null }, scheduled),
          onError: (error) => toast.error(`Not scheduled: ${error.message}`),
          onSettled: done,
        },
      );
    },
    [schedule, timeZone, undoToasts],
  );

  const all = [...(opened.data && opened.data.id === openId ? [opened.data] : []), ...(drafts.data ?? [])];
  const livePost = composer?.postId
    ? (all.find((p) => p.id === composer.postId) ?? (linkedPost?.id === composer.postId ? linkedPost : undefined))
    : undefined;
  const shown = (posts.data?.posts ?? []).filter((p) => !deleting.has(p.id));
  const draftsShown = (drafts.data ?? []).filter((p) => !deleting.has(p.id));

  return (
    <div className="cal-home">
      <header className="cal-header">
        <div className="cal-heading">
          <h1 className="cal-title">Calendar</h1>
          <p className="cal-status-line" role="status" aria-live="polite">
            {posts.isPending && range
              ? "Loading posts…"
              : posts.isError
                ? ""
                : shown.length === 0
                  ? "No posts in this period. Click a time slot to plan one."
                  : `${shown.length} post${shown.length === 1 ? "" : "s"} in view${
                      posts.data?.truncated ? " (the first ones only: switch to week or day view for the rest)" : ""
                    } · times in ${zoneLabel(timeZone)}`}
          </p>
        </div>
        <div className="cal-controls">
          <TimezoneSelect
            id="cal-timezone"
            label="Time zone"
            value={timeZone}
            first={zones}
            onChange={setChosenZone}
            hint={(zone) => (zone === workspaceZone ? "workspace" : undefined)}
          />
          {canWrite ? (
            <button type="button" className="button primary" onClick={() => open({})}>
              New post
            </button>
          ) : null}
        </div>
      </header>
      {posts.isError ? (
        <div className="cal-error" role="alert">
          <span>Posts could not be loaded: {posts.error.message}</span>
          <button type="button" className="button" onClick={() => void posts.refetch()}>
            Try again
          </button>
        </div>
      ) : null}
      <div className="cal-layout">
        <div className="cal-main" aria-busy={posts.isFetching && !posts.data}>
          <PostCalendar
            timeZone={timeZone}
            weekStart={weekStart}
            posts={shown}
            now={now}
            isPhone={isPhone}
            onRange={setRange}
            focusDate={focusDate}
            onPickSlot={onPickSlot}
            onOpenPost={openCalendarPost}
            onDrop={onDrop}
            draftsEl={draftsEl}
            onDropDraft={onDropDraft}
            canMove={canSchedule}
          />
        </div>
        <DraftsList
          drafts={draftsShown}
          loading={drafts.isPending}
          error={drafts.isError ? drafts.error.message : null}
          onOpen={(post) => open({ postId: post.id })}
          listRef={setDraftsEl}
          draggable={!isPhone && canSchedule}
          channels={posts.data?.channels}
        />
      </div>
      <ComposerDialog target={composer} post={livePost} zones={zones} onClose={() => setComposer(null)} />
    </div>
  );
}
