import { localDayKey, localDayLabel } from "@/components/dashboard/local-time";
import type { PostView } from "@/lib/hooks/api-types";

export type DayGroup = { key: string; label: string; relative: string | null; posts: PostView[] };
export type PostSections = { upcoming: DayGroup[]; recent: DayGroup[]; unscheduled: PostView[] };

const DONE = new Set(["PUBLISHED", "FAILED"]);

function zoneOf(post: PostView, fallbackZone: string) {
  return post.timezone || fallbackZone;
}

function group(posts: PostView[], fallbackZone: string, now: Date, newestFirst: boolean, showZone: boolean) {
  const sorted = [...posts].sort((a, b) => {
    const d = Date.parse(a.scheduledAt ?? "") - Date.parse(b.scheduledAt ?? "");
    return newestFirst ? -d : d;
  });
  const groups = new Map<string, DayGroup>();
  for (const post of sorted) {
    const at = post.scheduledAt as string;
    const zone = zoneOf(post, fallbackZone);
    const key = `${localDayKey(at, zone)} ${zone}`;
    let g = groups.get(key);
    if (!g) {
      const day = localDayKey(at, zone);
      const today = localDayKey(now, zone);
      const tomorrow = localDayKey(new Date(now.getTime() + 86_400_000), zone);
      const yesterday = localDayKey(new Date(now.getTime() - 86_400_000), zone);
      const rel = day === today ? "Today" : day === tomorrow ? "Tomorrow" : day === yesterday ? "Yesterday" : null;
      const label = showZone ? `${localDayLabel(at, zone)} · ${zone}` : localDayLabel(at, zone);
      g = { key, label, relative: rel, posts: [] };
      groups.set(key, g);
    }
    g.posts.push(post);
  }
  return [...groups.values()];
}

/**
 * Upcoming (not yet published, soonest first) and recent (published or failed, newest first), each grouped by
 * calendar day in the post's own zone (the zone it was scheduled in; the viewer's zone if it has none).
 * The workspace's zone is what posts are scheduled in by default, so in practice one zone.
 */
export function sectionPosts(posts: PostView[], fallbackZone: string, now = new Date()): PostSections {
  const scheduled = posts.filter((p) => p.scheduledAt);
  // Posts scheduled in several zones: each day heading names its zone, so "Today" is never ambiguous.
  const showZone = new Set(scheduled.map((p) => zoneOf(p, fallbackZone))).size > 1;
  return {
    upcoming: group(
      scheduled.filter((p) => !DONE.has(p.status)),
      fallbackZone,
      now,
      false,
      showZone,
    ),
    recent: group(
      scheduled.filter((p) => DONE.has(p.status)),
      fallbackZone,
      now,
      true,
      showZone,
    ),
    unscheduled: posts.filter((p) => !p.scheduledAt),
  };
}
