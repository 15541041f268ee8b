// Display-only formatting of instants in an IANA zone (Intl; conversions back to instants live in lib/time).

const cache = new Map<string, Intl.DateTimeFormat>();

function formatter(zone: string): Intl.DateTimeFormat {
  let f = cache.get(zone);
  if (!f) {
    f = new Intl.DateTimeFormat("en-GB", {
      weekday: "short",
      day: "numeric",
      month: "short",
      year: "numeric",
      hour: "2-digit",
      minute: "2-digit",
      hourCycle: "h23",
      timeZoneName: "short",
      timeZone: zone,
    });
    cache.set(zone, f);
  }
  return f;
}

/** "Tue, 8 Dec 2026, 11:00 CET" */
export function localDateTime(iso: string, zone: string): string {
  return formatter(zone).format(new Date(iso));
}

/** "12 days ago", "today", "in 3 days" relative to `now`. */
export function relativeDays(iso: string, now = Date.now()): string {
  const days = Math.round((new Date(iso).getTime() - now) / 86_400_000);
  if (days === 0) return "today";
  const rtf = new Intl.RelativeTimeFormat("en", { numeric: "auto" });
  return rtf.format(days, "day");
}

/** The first line of a post, cut at `max` characters. */
export function excerpt(content: string, max = 90): string {
  const line = content.trim().split("\n")[0] ?? "";
  return line.length > max ? `${line.slice(0, max - 1).trimEnd()}…` : line;
}

export const SKIP_REASON_LABELS: Record<string, string> = {
  scheduled: "Already scheduled",
  publishing: "Publishing now",
  published_recently: "Published recently",
  no_active_channel: "No active channel",
  channel_cannot_publish: "A channel cannot publish",
};
