import type { SlotView } from "@/components/hooks/use-posting-queue";

/** Weekday names by dayOfWeek (0 = Sunday … 6 = Saturday, as the API and lib/time/weekday-hour.ts number them). */
export const WEEKDAY_NAMES = ["Sunday", "Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday"] as const;
export const WEEKDAY_SHORT = ["Sun", "Mon", "Tue", "Wed", "Thu", "Fri", "Sat"] as const;

/** Monday to Friday: what "Add" preselects. */
export const WORKDAYS = [1, 2, 3, 4, 5] as const;

/** The seven days in the order the workspace's week runs (Settings → Workspace → week starts on). */
export function weekdayOrder(weekStart: "monday" | "sunday"): number[] {
  return weekStart === "sunday" ? [0, 1, 2, 3, 4, 5, 6] : [1, 2, 3, 4, 5, 6, 0];
}

const TIME = /^([01]\d|2[0-3]):[0-5]\d$/u;

/** "09:15" → true; "9:15", "24:00", "09:60" → false (the API's "HH:mm", a wall clock in the workspace's zone). */
export function isSlotTime(time: string): boolean {
  return TIME.test(time);
}

/** Slots by (dayOfWeek, time), each once: the API merges duplicates the same way. */
export function normalizeSlots(slots: SlotView[]): SlotView[] {
  const seen = new Map<string, SlotView>();
  for (const s of slots) seen.set(`${s.dayOfWeek}|${s.time}`, { dayOfWeek: s.dayOfWeek, time: s.time });
  return [...seen.values()].sort((a, b) => a.dayOfWeek - b.dayOfWeek || a.time.localeCompare(b.time));
}

/** `time` on each of `days`, added to `slots` (already there: kept once). */
export function addSlots(slots: SlotView[], days: readonly number[], time: string): SlotView[] {
  return normalizeSlots([...slots, ...days.map((dayOfWeek) => ({ dayOfWeek, time }))]);
}

export function removeSlot(slots: SlotView[], slot: SlotView): SlotView[] {
  return slots.filter((s) => !(s.dayOfWeek === slot.dayOfWeek && s.time === slot.time));
}

/** Whether two schedules hold the same slots, whatever their order. */
export function sameSlots(a: SlotView[], b: SlotView[]): boolean {
  const x = normalizeSlots(a);
  const y = normalizeSlots(b);
  return x.length === y.length && x.every((s, i) => s.dayOfWeek === y[i]?.dayOfWeek && s.time === y[i]?.time);
}

/** Each weekday in `order` with its times, earliest first (days without slots included, with no times). */
export function slotsByDay(slots: SlotView[], order: number[]): { dayOfWeek: number; times: string[] }[] {
  const sorted = normalizeSlots(slots);
  return order.map((dayOfWeek) => ({
    dayOfWeek,
    times: sorted.filter((s) => s.dayOfWeek === dayOfWeek).map((s) => s.time),
  }));
}
