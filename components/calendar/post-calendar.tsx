"use client";

import type { DatesSetArg, EventClickArg, EventDropArg } from "@fullcalendar/core";
import dayGridPlugin from "@fullcalendar/daygrid";
import interactionPlugin, { type DateClickArg, Draggable, type EventReceiveArg } from "@fullcalendar/interaction";
import listPlugin from "@fullcalendar/list";
import luxonPlugin from "@fullcalendar/luxon3";
import FullCalendar from "@fullcalendar/react";
import timeGridPlugin from "@fullcalendar/timegrid";
import { useEffect, useMemo, useRef } from "react";
import { slotWallClock, toCalendarEvents } from "@/components/calendar/calendar-events";
import { EventContent } from "@/components/calendar/event-content";
import type { PostView } from "@/components/hooks/api-types";
import type { CalendarRange } from "@/components/hooks/use-calendar-posts";

const PLUGINS = [luxonPlugin, dayGridPlugin, timeGridPlugin, listPlugin, interactionPlugin];
const DESKTOP_VIEWS = "dayGridMonth,timeGridWeek,timeGridDay,listWeek";
const PHONE_VIEWS = "timeGridDay,listWeek";

export type SlotPick = { date: string; time?: string };
/** `scheduledAt` is the slot's wall clock "YYYY-MM-DDTHH:mm" in the calendar's zone (see slotWallClock). */
export type PostDrop = { post: PostView; scheduledAt: string; revert: () => void };
/** A draft dragged from the drafts list onto the grid: `done` takes the stand-in event off once the post is back. */
export type DraftDrop = { postId: string; scheduledAt: string; done: () => void };

const DAY_MS = 86_400_000;

/**
 * Two accessibility gaps of FullCalendar's markup, closed after each render of a view (axe, e2e/accessibility):
 * the prev/next chevrons are `role="img"` spans without a name inside buttons that have one ("Previous week"), so
 * they are marked decorative; and the list view's scrolling pane takes no keyboard focus, so a keyboard user could
 * not scroll a long list: it becomes focusable.
 */
function patchCalendarA11y() {
  for (const icon of document.querySelectorAll(".fc .fc-button .fc-icon[role='img']")) {
    icon.setAttribute("aria-hidden", "true");
  }
  for (const scroller of document.querySelectorAll(".fc .fc-scroller:not([tabindex])")) {
    // Not inside a grid (week/day/month): a focusable pane there breaks the grid's row structure.
    if (!scroller.closest("[role='grid']")) scroller.setAttribute("tabindex", "0");
  }
}

/** Marks the elements of `container` matching `.cal-draft[data-post-id]` as draggable onto the grid. */
function useDraftDragging(container: HTMLElement | null) {
  useEffect(() => {
    if (!container) return;
    const draggable = new Draggable(container, {
      itemSelector: ".cal-draft[data-post-id]",
      // A click (no movement) still opens the draft in the composer.
      minDistance: 6,
      eventData: (el) => ({
        id: `draft-${el.dataset.postId}`,
        title: el.dataset.title ?? "Draft",
        duration: "01:00",
        classNames: ["cal-ev", "cal-ev-draft"],
        extendedProps: { draftId: el.dataset.postId },
        create: true,
      }),
    });
    return () => draggable.destroy();
  }, [container]);
}

/**
 * The FullCalendar grid in `timeZone` (named zones through the Luxon plugin, for "now" and "today"). Posts with a
 * time sit at their wall clock in the zone (calendar-events.ts); the past is shaded by one background event that
 * ends now. Clicks and drops hand back the slot's wall clock, for the server to read in the zone. Only SCHEDULED/FAILED posts can be dragged,
 * and drafts from the list beside the grid can be dropped on it to be scheduled there.
 */
export function PostCalendar({
  timeZone,
  posts,
  now,
  isPhone,
  onRange,
  onPickSlot,
  onOpenPost,
  onDrop,
  draftsEl,
  onDropDraft,
  focusDate,
  weekStart = "monday",
  canMove = true,
}: {
  timeZone: string;
  /** The workspace's first day of the week (Settings → Workspace). */
  weekStart?: "monday" | "sunday";
  posts: PostView[];
  now: Date;
  isPhone: boolean;
  onRange: (range: CalendarRange) => void;
  onPickSlot: (slot: SlotPick) => void;
  onOpenPost: (post: PostView) => void;
  onDrop: (drop: PostDrop) => void;
  /** The drafts list, whose items can be dragged onto the grid to schedule them (not at phone width). */
  draftsEl?: HTMLElement | null;
  onDropDraft?: (drop: DraftDrop) => void;
  /** "YYYY-MM-DD" in the calendar's zone to show (a post opened from a link); the view type stays. */
  focusDate?: string | null;
  /** The person may move posts and drop drafts (posts:schedule); without it nothing on the grid drags or resizes. */
  canMove?: boolean;
}) {
  const ref = useRef<FullCalendar>(null);
  useDraftDragging(isPhone || !canMove ? null : (draftsEl ?? null));

  const events = useMemo(() => toCalendarEvents(posts, timeZone, now, canMove), [posts, timeZone, now, canMove]);

  useEffect(() => {
    if (focusDate) ref.current?.getApi().gotoDate(focusDate);
  }, [focusDate]);

  // Phone width: list and day views only (a week of columns does not fit 390 px).
  useEffect(() => {
    const api = ref.current?.getApi();
    if (!api) return;
    const type = api.view.type;
    if (isPhone && (type === "dayGridMonth" || type === "timeGridWeek")) api.changeView("listWeek");
    if (!isPhone && type === "listWeek") api.changeView("timeGridWeek");
  }, [isPhone]);

  return (
    <FullCalendar
      ref={ref}
      plugins={PLUGINS}
      timeZone={timeZone}
      initialView={isPhone ? "listWeek" : "timeGridWeek"}
      headerToolbar={{ left: "prev,next today", center: "title", right: isPhone ? PHONE_VIEWS : DESKTOP_VIEWS }}
      buttonText={{ today: "Today", month: "Month", week: "Week", day: "Day", list: "List" }}
      height="100%"
      firstDay={weekStart === "sunday" ? 0 : 1}
      navLinks
      nowIndicator
      scrollTime="08:00:00"
      slotLabelFormat={{ hour: "2-digit", minute: "2-digit", hourCycle: "h23" }}
      eventTimeFormat={{ hour: "2-digit", minute: "2-digit", hourCycle: "h23" }}
      defaultTimedEventDuration="01:00"
      displayEventEnd={false}
      eventDisplay="block"
      dayMaxEvents={3}
      eventInteractive
      editable={canMove}
      eventDurationEditable={false}
      events={events}
      eventContent={EventContent}
      noEventsContent="No posts in this period: click a time slot or “New post” to add one."
      datesSet={(arg: DatesSetArg) => {
        patchCalendarA11y();
        // A day more on each side: the range's ends are wall-clock midnights the plugin turned into instants, which
        // can be an hour off where midnight falls in a DST gap. Events outside the view are not drawn anyway.
        onRange({
          from: new Date(arg.start.getTime() - DAY_MS).toISOString(),
          to: new Date(arg.end.getTime() + DAY_MS).toISOString(),
        });
      }}
      dateClick={(arg: DateClickArg) =>
        onPickSlot(
          arg.allDay
            ? { date: arg.dateStr.slice(0, 10) }
            : { date: arg.dateStr.slice(0, 10), time: arg.dateStr.slice(11, 16) },
        )
      }
      eventClick={(arg: EventClickArg) => {
        const post = arg.event.extendedProps.post as PostView | undefined;
        if (post) onOpenPost(post);
      }}
      droppable={canMove && Boolean(onDropDraft)}
      eventReceive={(arg: EventReceiveArg) => {
        const postId = arg.event.extendedProps.draftId as string | undefined;
        const scheduledAt = slotWallClock(arg.event.startStr);
        // The dropped stand-in goes once the post is scheduled (it then comes back as a real event) or refused.
        if (!postId || !scheduledAt || !onDropDraft) return arg.event.remove();
        onDropDraft({ postId, scheduledAt, done: () => arg.event.remove() });
      }}
      eventDrop={(arg: EventDropArg) => {
        const post = arg.event.extendedProps.post as PostView | undefined;
        // The slot's wall clock, resolved (or refused as a DST gap) by the server in the calendar's zone.
        const scheduledAt = slotWallClock(arg.event.startStr);
        if (!post || !scheduledAt) return arg.revert();
        onDrop({ post, scheduledAt, revert: arg.revert });
      }}
    />
  );
}
