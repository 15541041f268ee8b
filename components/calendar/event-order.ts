import { chipStateOf } from "@/components/calendar/status";
import type { CalendarPostView } from "@/components/hooks/use-calendar-posts";

/**
 * The most chips a time slot shows side by side before "+N more" (FullCalendar's `eventMaxStack` in week and day
 * views, `dayMaxEvents` in month view). A week column is ~125 px at 1280 px beside the drafts list: FullCalendar
 * gives the "+N" link a share like a chip's, so two chips there were thirds of a column (slivers again), while one
 * chip with a narrow "+N" beside it (calendar.css) reads; the desktop day view's one column fits four; a phone's,
 * one; a month day lists three.
 */
export function slotCapOf(view: "week" | "day" | "month", isPhone: boolean): number {
  if (view === "day") return isPhone ? 1 : 4;
  if (view === "week") return 1;
  return 3;
}

/**
 * How much a person needs to see a post among many in one slot (lower first): failures, unconfirmed and partly
 * published posts first (they need action, so "+N more" must never hide them), then posts still to go out, then
 * published ones, then drafts.
 */
export function chipRankOf(post: Pick<CalendarPostView, "status" | "outcome">): number {
  const chip = chipStateOf(post);
  if (chip.mark) return 0;
  if (post.status === "SCHEDULED" || post.status === "PUBLISHING") return 1;
  if (post.status === "PUBLISHED") return 2;
  return 3;
}

type Ordered = {
  start?: number | Date | null;
  post?: Pick<CalendarPostView, "status" | "outcome" | "channels" | "id">;
};

/**
 * FullCalendar's `eventOrder` among posts that start together (it places earlier starts first anyway, and hides what
 * exceeds the slot's cap behind "+N more"): by chipRankOf, then by the first channel's name (one brand's posts side
 * by side), then by id (stable across polls). The grid's own events (the shaded past) have no post and go last.
 */
export function compareSlotEvents(a: Ordered, b: Ordered): number {
  if (!a.post || !b.post) return (a.post ? 0 : 1) - (b.post ? 0 : 1);
  const startA = Number(a.start ?? 0);
  const startB = Number(b.start ?? 0);
  if (startA !== startB) return startA - startB;
  const rank = chipRankOf(a.post) - chipRankOf(b.post);
  if (rank !== 0) return rank;
  const nameA = a.post.channels[0]?.displayName ?? "";
  const nameB = b.post.channels[0]?.displayName ?? "";
  return nameA.localeCompare(nameB) || (a.post.id < b.post.id ? -1 : a.post.id > b.post.id ? 1 : 0);
}
