import { wallClockMs } from "@/lib/time/zone-offset";

const WEEKDAYS = ["Sun", "Mon", "Tue", "Wed", "Thu", "Fri", "Sat"];
const MONTHS = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"];

function pad(n: number): string {
  return String(n).padStart(2, "0");
}

function clock(d: Date): string {
  const seconds = d.getUTCSeconds();
  return `${pad(d.getUTCHours())}:${pad(d.getUTCMinutes())}${seconds ? `:${pad(seconds)}` : ""}`;
}

function day(d: Date, withYear: boolean): string {
  const base = `${WEEKDAYS[d.getUTCDay()]} ${d.getUTCDate()} ${MONTHS[d.getUTCMonth()]}`;
  return withYear ? `${base} ${String(d.getUTCFullYear()).padStart(4, "0")}` : base;
}

/**
 * A wall-clock time (encoded as UTC ms, as lib/time passes them) for people: "Sun 5 Sep 2027, 00:30"
 * (seconds only when not zero). English names, so messages read the same whatever the server's locale.
 */
export function describeWallTime(wallMs: number): string {
  const d = new Date(wallMs);
  return `${day(d, true)}, ${clock(d)}`;
}

/**
 * An instant as a person in `timeZone` reads it, and in UTC — the one shape every refusal naming a time uses:
 * "Sat 28 Nov 2026, 10:00 Europe/Berlin (09:00 UTC)"; the UTC part names its day when that differs
 * ("Sun 29 Nov 2026, 00:30 Pacific/Auckland (Sat 28 Nov, 11:30 UTC)") and its year when that differs too
 * ("Thu 1 Jan 1970, 00:59:59 Europe/Berlin (Wed 31 Dec 1969, 23:59:59 UTC)"); in UTC itself, "Sat 28 Nov 2026, 09:00 UTC".
 */
export function describeInstant(instant: Date, timeZone: string): string {
  const ms = Math.floor(instant.getTime() / 1000) * 1000;
  const utc = new Date(ms);
  if (timeZone === "UTC" || timeZone === "Etc/UTC") return `${describeWallTime(ms)} UTC`;
  const local = new Date(wallClockMs(ms, timeZone));
  const sameDay = Math.floor(local.getTime() / 86_400_000) === Math.floor(ms / 86_400_000);
  const sameYear = local.getUTCFullYear() === utc.getUTCFullYear();
  const utcPart = sameDay ? clock(utc) : `${day(utc, !sameYear)}, ${clock(utc)}`;
  return `${describeWallTime(local.getTime())} ${timeZone} (${utcPart} UTC)`;
}
