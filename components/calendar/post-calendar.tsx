"use client";

import type {
  DatesSetArg,
  EventClickArg,
  EventDropArg,
  EventHoveringArg,
  EventMountArg,
  NowIndicatorContentArg,
} from "@fullcalendar/core";
import dayGridPlugin from "@fullcalendar/daygrid";
import interactionPlugin, { type DateClickArg, Draggable, type EventReceiveArg } from "@fullcalendar/interaction";
import listPlugin from "@fullcalendar/list";
import luxonPlugin from "@fullcalendar/luxon3";
import FullCalendar from "@fullcalendar/react";
import timeGridPlugin from "@fullcalendar/timegrid";
import { useCallback, useEffect, useMemo, useRef, useState } from "react";
import { slotWallClock, toCalendarEvents, wallClockIn } from "@/components/calendar/calendar-events";
import { EventContent } from "@/components/calendar/event-content";
import { compareSlotEvents, slotCapOf } from "@/components/calendar/event-order";
import { HOVER_CARD_ID, PostHoverCard } from "@/components/calendar/post-hover-card";
import type { SlotPick } from "@/components/calendar/slot-pick";
import type { CalendarPostView, CalendarRange } from "@/components/hooks/use-calendar-posts";

const PLUGINS = [luxonPlugin, dayGridPlugin, timeGridPlugin, listPlugin, interactionPlugin];
const DESKTOP_VIEWS = "dayGridMonth,timeGridWeek,timeGridDay,listWeek";
const PHONE_VIEWS = "timeGridDay,listWeek";
const HOVER_DELAY_MS = 250;

export type { SlotPick };
/** `scheduledAt` is the slot's wall clock "YYYY-MM-DDTHH:mm" in the calendar's zone (see slotWallClock). */
export type PostDrop = { post: CalendarPostView; scheduledAt: string; revert: () => void };
/** A draft dragged from the drafts list onto the grid: `done` takes the stand-in event off once the post is back. */
export type DraftDrop = { postId: string; scheduledAt: string; done: () => void };

const DAY_MS = 86_400_000;

/**
 * Two accessibility gaps of FullCalendar's markup, closed after each render of a view (axe, e2e/accessibility):
 * the prev/next chevrons are `role="img"` spans without a name inside buttons that have one ("Previous week"), so
 * they are marked decorative; and the list view's scrolling pane takes no keyboard focus, so a keyboard user could
 * not scroll a long list: it becomes focusable. (The time grid's pane cannot take focus inside FullCalendar's grid
 * roles: today's column holds a "Now" button instead, event-content.tsx.)
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

/** "Tue 1 Dec, 09:00" of `instant` in `timeZone`, in the person's locale. */
function whenIn(instant: string, timeZone: string): string {
  return new Intl.DateTimeFormat(undefined, {
    weekday: "short",
    day: "numeric",
    month: "short",
    hour: "2-digit",
    minute: "2-digit",
    hourCycle: "h23",
    timeZone,
  }).format(new Date(instant));
}

type Hovered = { post: CalendarPostView; anchor: DOMRect; el: HTMLElement };

/**
 * The hover card's state: shown HOVER_DELAY_MS after the pointer rests on a chip (no flicker while it crosses the
 * grid), at once when a chip gets keyboard focus; gone when either leaves, or while dragging. The chip is described
 * by the card (aria-describedby) while it shows.
 */
function useHoverCard() {
  const [hovered, setHovered] = useState<Hovered | null>(null);
  const timer = useRef<ReturnType<typeof setTimeout> | null>(null);
  const clear = useCallback(() => {
    if (timer.current) clearTimeout(timer.current);
    timer.current = null;
  }, []);
  const show = useCallback(
    (post: CalendarPostView, el: HTMLElement, delayMs: number) => {
      clear();
      const open = () => setHovered({ post, el, anchor: el.getBoundingClientRect() });
      if (delayMs > 0) timer.current = setTimeout(open, delayMs);
      else open();
    },
    [clear],
  );
  const hide = useCallback(() => {
    clear();
    setHovered(null);
  }, [clear]);
  useEffect(() => {
    if (!hovered) return;
    hovered.el.setAttribute("aria-describedby", HOVER_CARD_ID);
    return () => hovered.el.removeAttribute("aria-describedby");
  }, [hovered]);
  useEffect(() => clear, [clear]);
  // The grid redraws its chips when the posts are polled: a chip under the pointer may be replaced and never say
  // the pointer left. Any pointer move off every chip closes the card.
  useEffect(() => {
    if (!hovered) return;
    const onMove = (e: PointerEvent) => {
      if (!(e.target instanceof Element) || !e.target.closest(".fc-event")) hide();
    };
    document.addEventListener("pointermove", onMove);
    return () => document.removeEventListener("pointermove", onMove);
  }, [hovered, hide]);
  return { hovered, show, hide };
}

/**
 * The FullCalendar grid in `timeZone` (named zones through the Luxon plugin, for "now" and "today"). Posts with a
 * time sit at their wall clock in the zone (calendar-events.ts); the past is shaded by one background event that
 * ends now, today's column is marked and the current time is labelled on the now line. A slot shows at most
 * slotCapOf chips side by side, then "+N more" (a popover with the rest), posts needing action first
 * (compareSlotEvents). Resting on a chip shows its hover card. Clicks and drops hand back the slot's wall clock,
 * for the server to read in the zone; nothing can be dropped into the past. Only SCHEDULED/FAILED posts can be
 * dragged, and drafts from the list beside the grid can be dropped on it to be scheduled there. On a phone it
 * opens on today's day view, scrolled to now.
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
  posts: CalendarPostView[];
  now: Date;
  isPhone: boolean;
  onRange: (range: CalendarRange) => void;
  onPickSlot: (slot: SlotPick) => void;
  onOpenPost: (post: CalendarPostView) => void;
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
  const { hovered, show, hide } = useHoverCard();

  const events = useMemo(() => toCalendarEvents(posts, timeZone, now, canMove), [posts, timeZone, now, canMove]);
  const byId = useMemo(() => new Map(posts.map((p) => [p.id, p])), [posts]);
  const nowWall = wallClockIn(now, timeZone);
  // Opened at 08:00 (the working day), on a phone at an hour before now: its day view is today's, now in sight.
  const [scrollTime] = useState(() =>
    isPhone ? `${String(Math.max(0, Number(nowWall.slice(11, 13)) - 1)).padStart(2, "0")}:00:00` : "08:00:00",
  );

  useEffect(() => {
    if (focusDate) ref.current?.getApi().gotoDate(focusDate);
  }, [focusDate]);

  // Phone width: day and list views only (a week of columns does not fit 390 px); the day view is today's.
  useEffect(() => {
    const api = ref.current?.getApi();
    if (!api) return;
    const type = api.view.type;
    if (isPhone && (type === "dayGridMonth" || type === "timeGridWeek")) api.changeView("timeGridDay");
    if (!isPhone && type === "listWeek") api.changeView("timeGridWeek");
  }, [isPhone]);

  // Keyboard: a chip with focus shows its card at once (FullCalendar's hover callbacks are pointer-only).
  const gridRef = useRef<HTMLDivElement>(null);
  useEffect(() => {
    const grid = gridRef.current;
    if (!grid) return;
    const onFocusIn = (e: FocusEvent) => {
      const el = (e.target as HTMLElement).closest<HTMLElement>(".fc-event");
      const id = el?.querySelector<HTMLElement>("[data-post-id]")?.dataset.postId;
      const post = id ? byId.get(id) : undefined;
      if (el && post) show(post, el, 0);
    };
    grid.addEventListener("focusin", onFocusIn);
    grid.addEventListener("focusout", hide);
    return () => {
      grid.removeEventListener("focusin", onFocusIn);
      grid.removeEventListener("focusout", hide);
    };
  }, [byId, show, hide]);

  return (
    <div className="cal-grid" ref={gridRef}>
      <FullCalendar
        ref={ref}
        plugins={PLUGINS}
        timeZone={timeZone}
        initialView={isPhone ? "timeGridDay" : "timeGridWeek"}
        headerToolbar={
          isPhone
            ? { left: "prev,next today", center: "", right: PHONE_VIEWS }
            : { left: "prev,next today", center: "title", right: DESKTOP_VIEWS }
        }
        buttonText={{ today: "Today", month: "Month", week: "Week", day: "Day", list: "List" }}
        height="100%"
        firstDay={weekStart === "sunday" ? 0 : 1}
        navLinks
        viewClassNames={isPhone ? ["cal-phone"] : []}
        nowIndicator
        nowIndicatorContent={(arg: NowIndicatorContentArg) =>
          arg.isAxis ? (
            <span className="cal-now-label">
              <span className="visually-hidden">Now </span>
              {wallClockIn(arg.date, timeZone).slice(11, 16)}
            </span>
          ) : null
        }
        scrollTime={scrollTime}
        slotLabelFormat={{ hour: "2-digit", minute: "2-digit", hourCycle: "h23" }}
        eventTimeFormat={{ hour: "2-digit", minute: "2-digit", hourCycle: "h23" }}
        defaultTimedEventDuration="01:00"
        displayEventEnd={false}
        eventDisplay="block"
        dayMaxEvents={slotCapOf("month", isPhone)}
        views={{
          timeGridWeek: { eventMaxStack: slotCapOf("week", isPhone) },
          // On a phone the toolbar has no room for the title: the day's column head says which day it is.
          timeGridDay: {
            eventMaxStack: slotCapOf("day", isPhone),
            ...(isPhone ? { dayHeaderFormat: { weekday: "short", day: "numeric", month: "short" } } : {}),
          },
        }}
        slotEventOverlap={false}
        eventOrder={compareSlotEvents as never}
        // "+3 more" where there is room (month, desktop day view), "+3" beside a week column's one chip.
        moreLinkContent={(arg) =>
          arg.view.type === "timeGridWeek" || (isPhone && arg.view.type === "timeGridDay")
            ? `+${arg.num}`
            : `+${arg.num} more`
        }
        moreLinkHint={(num: number) => `Show ${num} more post${num === 1 ? "" : "s"} in this slot`}
        // FullCalendar's link is an <a> without href carrying aria-expanded: a button, as it behaves (axe).
        moreLinkDidMount={(arg) => arg.el.setAttribute("role", "button")}
        eventInteractive
        editable={canMove}
        eventDurationEditable={false}
        // Nothing goes into the past: the wall clock of where it would land, against now in the zone.
        eventAllow={(span) => {
          const at = span.startStr.slice(0, span.allDay ? 10 : 16);
          return at >= nowWall.slice(0, at.length);
        }}
        events={events}
        eventContent={EventContent}
        eventDidMount={(arg: EventMountArg) => {
          const color = arg.event.extendedProps.accountColor as string | null | undefined;
          if (color) arg.el.style.setProperty("--ev-account", color);
        }}
        eventMouseEnter={(arg: EventHoveringArg) => {
          const post = arg.event.extendedProps.post as CalendarPostView | undefined;
          if (post) show(post, arg.el, HOVER_DELAY_MS);
        }}
        eventMouseLeave={hide}
        eventDragStart={hide}
        noEventsContent="No posts in this period: click a time slot or “New post” to add one."
        datesSet={(arg: DatesSetArg) => {
          hide();
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
          hide();
          const post = arg.event.extendedProps.post as CalendarPostView | undefined;
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
          const post = arg.event.extendedProps.post as CalendarPostView | undefined;
          // The slot's wall clock, resolved (or refused as a DST gap) by the server in the calendar's zone.
          const scheduledAt = slotWallClock(arg.event.startStr);
          if (!post || !scheduledAt) return arg.revert();
          onDrop({ post, scheduledAt, revert: arg.revert });
        }}
      />
      {hovered ? (
        <PostHoverCard
          post={byId.get(hovered.post.id) ?? hovered.post}
          anchor={hovered.anchor}
          when={whenIn(hovered.post.scheduledAt, timeZone)}
        />
      ) : null}
    </div>
  );
}
