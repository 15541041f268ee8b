import type { QueueEntryView, QueuePostView, ReorderBody } from "@/components/hooks/use-posting-queue";

/** The queue's entries under their day in the workspace's zone ("2026-12-01", from `atLocal`), days ascending. */
export function groupByDay(entries: QueueEntryView[]): { date: string; entries: QueueEntryView[] }[] {
  const days: { date: string; entries: QueueEntryView[] }[] = [];
  for (const entry of entries) {
    const date = entry.atLocal.slice(0, 10);
    const last = days.at(-1);
    if (last?.date === date) last.entries.push(entry);
    else days.push({ date, entries: [entry] });
  }
  return days;
}

/** "HH:mm" of an entry's wall clock in the workspace's zone ("2026-12-01T09:15:00+01:00" → "09:15"). */
export function wallTimeOf(entry: { atLocal: string }): string {
  return entry.atLocal.slice(11, 16);
}

/**
 * A day's heading in the reader's locale, e.g. en-GB "Tuesday 1 December", with "Today" / "Tomorrow" before it when
 * `date` is `today` or the day after (all "YYYY-MM-DD" wall dates in the workspace's zone).
 */
export function dayHeading(date: string, today: string, locale?: string): string {
  const noon = new Date(`${date}T12:00:00Z`); // a wall date: formatted in UTC, the zone plays no part
  const name = new Intl.DateTimeFormat(locale, {
    timeZone: "UTC",
    weekday: "long",
    day: "numeric",
    month: "long",
  }).format(noon);
  const tomorrow = new Date(`${today}T12:00:00Z`);
  tomorrow.setUTCDate(tomorrow.getUTCDate() + 1);
  if (date === today) return `Today · ${name}`;
  if (date === tomorrow.toISOString().slice(0, 10)) return `Tomorrow · ${name}`;
  return name;
}

/** Only posts waiting for their time move in the queue (the API's reorder refuses PUBLISHING). */
export function isReorderable(post: { status: string }): boolean {
  return post.status === "SCHEDULED" || post.status === "IN_REVIEW";
}

/** The posts that can be dragged, in the queue's order (time, then as listed at one instant). */
export function reorderablePosts(entries: QueueEntryView[]): QueuePostView[] {
  return entries.flatMap((e) => e.posts.filter(isReorderable));
}

/**
 * The body of POST /api/queue/reorder for moving the post at index `from` to index `to` of `posts` (the draggable
 * posts in queue order): only the posts between the two positions change time, so only they are sent, in their
 * new order (the API gives them their current times, earliest first). Null when nothing moves.
 */
export function reorderBody(posts: QueuePostView[], from: number, to: number): ReorderBody | null {
  if (from === to || from < 0 || to < 0 || from >= posts.length || to >= posts.length) return null;
  const moved = [...posts];
  const [post] = moved.splice(from, 1);
  if (!post) return null;
  moved.splice(to, 0, post);
  const span = moved.slice(Math.min(from, to), Math.max(from, to) + 1);
  return { order: span.map((p) => ({ postId: p.id, version: p.version })) };
}

/**
 * The entries as they will look once a reorder is done (shown at once, before the API answers): the posts in
 * `order` swap into each other's times, earliest time to the first post in `order`.
 */
export function applyReorder(entries: QueueEntryView[], order: ReorderBody["order"]): QueueEntryView[] {
  const ids = new Set(order.map((o) => o.postId));
  const all = entries.flatMap((e) => e.posts);
  const byId = new Map(all.map((p) => [p.id, p]));
  const times = order
    .map((o) => byId.get(o.postId)?.scheduledAt)
    .filter((t): t is string => t !== undefined)
    .sort((a, b) => Date.parse(a) - Date.parse(b));
  const newTime = new Map(order.map((o, i) => [o.postId, times[i]]));
  // Which entry each time belongs to (the first entry at that instant).
  const entryOf = new Map(entries.map((e) => [Date.parse(e.at), e]));
  const placed = new Map<QueueEntryView, QueuePostView[]>(
    entries.map((e) => [e, e.posts.filter((p) => !ids.has(p.id))]),
  );
  for (const o of order) {
    const post = byId.get(o.postId);
    const at = newTime.get(o.postId);
    const entry = at ? entryOf.get(Date.parse(at)) : undefined;
    if (post && at && entry) placed.get(entry)?.push({ ...post, scheduledAt: at });
  }
  return entries.map((e) => ({ ...e, posts: placed.get(e) ?? [] }));
}
