// Display-only formatting of UTC instants in an IANA zone (Intl, no conversion back to instants: that lives in
// lib/time). en-GB gives 24-hour times and real abbreviations where the zone has one ("CET", "BST").

const cache = new Map<string, Intl.DateTimeFormat>();

function format(zone: string, options: Intl.DateTimeFormatOptions): Intl.DateTimeFormat {
  const key = `${zone}|${JSON.stringify(options)}`;
  let f = cache.get(key);
  if (!f) {
    f = new Intl.DateTimeFormat("en-GB", { ...options, timeZone: zone });
    cache.set(key, f);
  }
  return f;
}

export function browserZone(): string {
  return Intl.DateTimeFormat().resolvedOptions().timeZone || "UTC";
}

/** "14:30 CET" */
export function localTime(iso: string, zone: string): string {
  return format(zone, { hour: "2-digit", minute: "2-digit", hourCycle: "h23", timeZoneName: "short" }).format(
    new Date(iso),
  );
}

/** "2026-11-29": the calendar day of the instant in the zone, for grouping. */
export function localDayKey(iso: string | Date, zone: string): string {
  const parts = format(zone, { year: "numeric", month: "2-digit", day: "2-digit" }).formatToParts(new Date(iso));
  const get = (type: string) => parts.find((p) => p.type === type)?.value ?? "";
  return `${get("year")}-${get("month")}-${get("day")}`;
}

/** "Sunday 29 November 2026" */
export function localDayLabel(iso: string, zone: string): string {
  return format(zone, { weekday: "long", day: "numeric", month: "long", year: "numeric" }).format(new Date(iso));
}

/** "29 Nov, 14:30:05" in the viewer's zone, for operational times (sweeps, heartbeats). */
export function viewerDateTime(iso: string): string {
  return format(browserZone(), {
    day: "numeric",
    month: "short",
    hour: "2-digit",
    minute: "2-digit",
    second: "2-digit",
    hourCycle: "h23",
  }).format(new Date(iso));
}

/** "12 s ago", "3 min ago", "in 4 s" */
export function relative(iso: string, now = Date.now()): string {
  const seconds = Math.round((new Date(iso).getTime() - now) / 1000);
  const abs = Math.abs(seconds);
  const text = abs < 60 ? `${abs} s` : abs < 3600 ? `${Math.round(abs / 60)} min` : `${Math.round(abs / 3600)} h`;
  return seconds >= 0 ? `in ${text}` : `${text} ago`;
}
