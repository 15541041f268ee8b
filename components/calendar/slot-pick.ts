/** A clicked slot: its date ("YYYY-MM-DD") and, in week and day views, its start time ("HH:mm"). */
export type SlotPick = { date: string; time?: string };

/** Minutes a week or day view slot lasts (FullCalendar's default `slotDuration`, 00:30). */
export const SLOT_MINUTES = 30;

const pad = (n: number) => String(n).padStart(2, "0");

/** "HH:mm" `minutes` after midnight; null past the end of the day. */
function timeOf(minutes: number): string | null {
  return minutes >= 24 * 60 ? null : `${pad(Math.floor(minutes / 60))}:${pad(minutes % 60)}`;
}

/**
 * Where a click on the grid opens the composer, given the wall clock now in the calendar's zone
 * (`nowWall`, "YYYY-MM-DDTHH:mm"), or `{ past: true }` when the slot is over: the composer never opens with a
 * time already gone.
 * - A timed slot (week, day): its own time if it starts after now; if now is inside it, the next 5-minute mark
 *   (at least a minute ahead) while that is still inside the slot; otherwise past.
 * - A day (month view): a past day is past; today, the next full hour (past if that is tomorrow); a later day, 09:00.
 */
export function resolveSlotPick(slot: SlotPick, nowWall: string): { date: string; time: string } | { past: true } {
  const today = nowWall.slice(0, 10);
  const nowMinutes = Number(nowWall.slice(11, 13)) * 60 + Number(nowWall.slice(14, 16));
  if (slot.date < today) return { past: true };
  if (!slot.time) {
    if (slot.date > today) return { date: slot.date, time: "09:00" };
    const nextHour = timeOf((Math.floor(nowMinutes / 60) + 1) * 60);
    return nextHour ? { date: slot.date, time: nextHour } : { past: true };
  }
  if (slot.date > today) return { date: slot.date, time: slot.time };
  const start = Number(slot.time.slice(0, 2)) * 60 + Number(slot.time.slice(3, 5));
  if (start > nowMinutes) return { date: slot.date, time: slot.time };
  const soon = Math.ceil((nowMinutes + 1) / 5) * 5;
  const time = timeOf(soon);
  if (soon < start + SLOT_MINUTES && time) return { date: slot.date, time };
  return { past: true };
}
