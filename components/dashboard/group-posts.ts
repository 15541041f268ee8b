import { localDayKey, localDayLabel } from "@/components/dashboard/local-time";
import type { PostView } from "@/lib/hooks/api-types";

export type DayGroup = { key: string; label: string; relative: string | null; posts: PostView[] };
export type PostSections = { upcoming: DayGroup[]; recent: DayGroup[]; unscheduled: PostView[] };

const DONE = new Set(["PUBLISHED", "FAILED"]);

function zoneOf(post: PostView, fallbackZone: string) {
  return post.timezone || fallbackZone;
}

function group(posts: PostView[], fallbackZone: string, now: Date, newestFirst: boolean): DayGroup[] {
  const sorted = [...posts].sort((a, b) => {
    const d = Date.parse(a.scheduledAt ?? "") - Date.parse(b.scheduledAt ?? "");
    return newestFirst ? -d : d;
  });
  const groups = new Map<string, DayGroup>();
  for (const post of sorted) {
    const at = post.scheduledAt as string;
    const zone = zoneOf(post, fallbackZone);
    const key = localDayKey(at, zone);
    let g = groups.get(key);
    if (!g) {
      const today = localDayKey(now, zone);
      const tomorrow = localDayKey(new Date(now.getTime() + 86_400_000), zone);
      const yesterday = localDayKey(new Date(now.getTime() - 86_400_000), zone);
      const rel = key === today ? "Today" : key === tomorrow ? "Tomorrow" : key === yesterday ? "Yesterday" : null;
      g = { key, label: localDayLabel(at, zone), relative: rel, posts: [] };
      groups.set(key, g);
    }
    g.posts.push(post);
  }
  return [...groups.values()];
}

/**
 * Upcoming (not yet published, soonest first) and recent (published or failed, newest first), each grouped by
 * calendar day in the post's own zone (the zone it was scheduled in; the viewer's zone if it has none).
 */
export function sectionPosts(posts: PostView[], fallbackZone: string, now = new Date()): PostSections {
  const scheduled = posts.filter((p) => p.scheduledAt);
  return {
    upcoming: group(
      scheduled.filter((p) => !DONE.has(p.status)),
      fallbackZone,
      now,
      false,
    ),
    recent: group(
      scheduled.filter((p) => DONE.has(p.status)),
      fallbackZone,
      now,
      true,
    ),
    unscheduled: posts.filter((p) => !p.scheduledAt),
  };
}
