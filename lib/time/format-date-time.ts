// Dates for people (toasts, errors, offers): the reader's locale, the workspace's zone, never an ISO string.

const formatters = new Map<string, Intl.DateTimeFormat>();

function formatterFor(locale: string | undefined, timeZone: string, withYear: boolean): Intl.DateTimeFormat {
  const key = `${locale ?? ""}|${timeZone}|${withYear}`;
  let formatter = formatters.get(key);
  if (!formatter) {
    formatter = new Intl.DateTimeFormat(locale, {
      timeZone,
      weekday: "short",
      day: "numeric",
      month: "short",
      ...(withYear ? { year: "numeric" } : {}),
      hour: "numeric",
      minute: "2-digit",
      timeZoneName: "short",
    });
    formatters.set(key, formatter);
  }
  return formatter;
}

/**
 * An instant (a Date or an ISO 8601 string from the API) as a person reads it: in `locale` (BCP 47; undefined = the
 * runtime's, i.e. the browser's language) and in `timeZone` (IANA; the workspace's), with the weekday and the zone's
 * short name, e.g. en-GB "Tue 1 Dec 2026, 09:00 CET", en-US "Tue, Dec 1, 2026, 9:00 AM EST", de "Di., 1. Dez. 2026,
 * 09:00 MEZ". Intl's tz data decides the wall clock and abbreviation, so DST is the zone's own. The year is left out
 * when it is `now`'s year in that zone (pass `now` to decide; default: always shown). An unreadable input is
 * returned unchanged rather than "Invalid Date". Throws RangeError for an unknown zone or locale (Intl's).
 */
export function formatDateTime(
  instant: Date | string,
  { timeZone, locale, now }: { timeZone: string; locale?: string; now?: Date },
): string {
  const date = typeof instant === "string" ? new Date(instant) : instant;
  if (Number.isNaN(date.getTime())) return String(instant);
  const yearOf = (d: Date) =>
    new Intl.DateTimeFormat("en-US", { timeZone, year: "numeric" }).formatToParts(d).find((p) => p.type === "year")
      ?.value;
  const withYear = !now || yearOf(now) !== yearOf(date);
  return formatterFor(locale, timeZone, withYear).format(date);
}

// An ISO 8601 instant inside a sentence ("… at 2026-12-01T08:00:00.000Z"): date, time, optional fraction, Z or offset.
const ISO_INSTANT = /\b\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(?::\d{2}(?:\.\d{1,9})?)?(?:Z|[+-]\d{2}:\d{2})/g;

/**
 * A message from elsewhere (an API error, a platform's answer) with every ISO 8601 instant in it rewritten by
 * formatDateTime, so a person never reads "2026-12-01T08:00:00.000Z". Wall-clock strings without a zone are left
 * alone (they are not instants). `now` as in formatDateTime.
 */
export function humanizeInstants(message: string, options: { timeZone: string; locale?: string; now?: Date }): string {
  return message.replace(ISO_INSTANT, (iso) => formatDateTime(iso, options));
}

/**
 * A wall-clock time of day ("HH:mm", 24-hour, as posting slots store it) as a person reads it in `locale` (BCP 47;
 * undefined = the browser's language): en-US "9:15 AM", en-GB and de "09:15" — the same clock the toasts'
 * formatDateTime shows, so a slot and the toast about it agree. No zone: the time is already a wall clock. An input
 * that is not "HH:mm" (00-23, 00-59) is returned unchanged.
 */
export function formatWallTime(time: string, locale?: string): string {
  const match = /^([01]\d|2[0-3]):([0-5]\d)$/.exec(time);
  if (!match) return time;
  const wall = new Date(Date.UTC(2000, 0, 1, Number(match[1]), Number(match[2])));
  // The time part of formatDateTime's own pattern (ICU pads the hour by the whole pattern: en-GB "09:15" beside a
  // date and a zone name, "9:15" alone), from the hour to the minute or the day period, whichever comes last.
  const parts = new Intl.DateTimeFormat(locale, {
    timeZone: "UTC",
    weekday: "short",
    day: "numeric",
    month: "short",
    hour: "numeric",
    minute: "2-digit",
    timeZoneName: "short",
  }).formatToParts(wall);
  const first = parts.findIndex((p) => p.type === "hour" || p.type === "dayPeriod");
  const last = parts.findLastIndex((p) => p.type === "minute" || p.type === "dayPeriod");
  return parts
    .slice(first, last + 1)
    .map((p) => p.value)
    .join("");
}
