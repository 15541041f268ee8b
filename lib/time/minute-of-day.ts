/** "HH:mm" on a 24-hour clock, 00:00-23:59 (two digits each). */
export const TIME_OF_DAY_PATTERN = /^([01]\d|2[0-3]):([0-5]\d)$/;

/** "09:15" → 555 (minutes after local midnight); null when it is not "HH:mm" (00:00-23:59). */
export function parseMinuteOfDay(time: string): number | null {
  const match = TIME_OF_DAY_PATTERN.exec(time);
  return match ? Number(match[1]) * 60 + Number(match[2]) : null;
}

/** 555 → "09:15" (minuteOfDay 0…1439). */
export function formatMinuteOfDay(minuteOfDay: number): string {
  const pad = (n: number) => String(n).padStart(2, "0");
  return `${pad(Math.floor(minuteOfDay / 60))}:${pad(minuteOfDay % 60)}`;
}
