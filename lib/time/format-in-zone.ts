import { wallClockMs } from "@/lib/time/zone-offset";

function pad(n: number, width = 2): string {
  return String(Math.abs(n)).padStart(width, "0");
}

/** "+02:00", "-04:00", "+10:30", "+00:00" (and "+00:53:28" for the odd historic offset with seconds). */
export function formatOffset(offsetMs: number): string {
  const sign = offsetMs < 0 ? "-" : "+";
  const total = Math.abs(Math.round(offsetMs / 1000));
  const seconds = total % 60;
  const base = `${sign}${pad(Math.floor(total / 3600))}:${pad(Math.floor(total / 60) % 60)}`;
  return seconds ? `${base}:${pad(seconds)}` : base;
}

/** "YYYY-MM-DDTHH:mm:ss" of a wall clock encoded as UTC ms. */
export function formatWallClock(wallMs: number, withSeconds = true): string {
  const d = new Date(wallMs);
  const date = `${pad(d.getUTCFullYear(), 4)}-${pad(d.getUTCMonth() + 1)}-${pad(d.getUTCDate())}`;
  const time = `${pad(d.getUTCHours())}:${pad(d.getUTCMinutes())}`;
  return `${date}T${time}${withSeconds ? `:${pad(d.getUTCSeconds())}` : ""}`;
}

/**
 * An instant as local ISO 8601 with its offset in `timeZone`, e.g. "2026-03-29T03:30:00+02:00".
 * Parsing the result with `new Date()` gives back the same instant (to the second).
 */
export function formatInZone(instant: Date, timeZone: string): string {
  const epochMs = Math.floor(instant.getTime() / 1000) * 1000;
  const wall = wallClockMs(epochMs, timeZone);
  return `${formatWallClock(wall)}${formatOffset(wall - epochMs)}`;
}
