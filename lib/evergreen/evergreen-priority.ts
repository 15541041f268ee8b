// Evergreen priority: which library post deserves the next slot. Pure; README "Evergreen rotation" shows the table.

const DAY_MS = 86_400_000;

/** Ages are capped here, so one ancient post cannot dwarf the scale (and never-published stays a band above). */
export const MAX_AGE_DAYS = 3_650;
/** Never-published posts score NEVER_PUBLISHED_BASE + days since created: above every published post (≤ 3,650). */
export const NEVER_PUBLISHED_BASE = 10_000;

export type EvergreenFacts = {
  id: string;
  createdAt: Date;
  publishCount: number;
  lastPublishedAt: Date | null;
};

function daysBetween(from: Date, to: Date): number {
  return Math.min(MAX_AGE_DAYS, Math.max(0, (to.getTime() - from.getTime()) / DAY_MS));
}

/**
 * priority = ageDays / (1 + ln(1 + publishCount))            for a post that has been published
 * priority = 10,000 + daysSinceCreated                        for a post never published (lastPublishedAt null)
 *
 * - ageDays = days since lastPublishedAt, 0 … 3,650 (capped; a future lastPublishedAt counts as 0).
 *   Linear: a post rested twice as long is twice as due.
 * - The divisor grows with every publish but ever more slowly (ln), so the 1st repeat costs the most and
 *   the 20th hardly anything more: a much-used post is rested longer, never banned. 1 + ln(1 + 0) = 1, so the
 *   formula is defined for publishCount 0 too (imported rows with a date but no count).
 * - A never-published post has had no chance yet: it sits in a band above every published post (whose
 *   priority is at most 3,650), the oldest first.
 * Example: 30 days since, published once → 30 / (1 + ln 2) = 17.72; 60 days since, published 10 times →
 * 60 / (1 + ln 11) = 17.66: twice the rest for ten times the exposure is an even trade.
 * Ties (equal priority) break by createdAt (older first), then id — see compareEvergreen.
 */
export function evergreenPriority(post: Omit<EvergreenFacts, "id">, now: Date): number {
  if (post.lastPublishedAt === null) return NEVER_PUBLISHED_BASE + daysBetween(post.createdAt, now);
  const count = Math.max(0, post.publishCount);
  return daysBetween(post.lastPublishedAt, now) / (1 + Math.log1p(count));
}

/** Sort order of the rotation: higher priority first, then older createdAt, then id (total and deterministic). */
export function compareEvergreen(a: EvergreenFacts & { priority: number }, b: EvergreenFacts & { priority: number }) {
  if (a.priority !== b.priority) return b.priority - a.priority;
  const created = a.createdAt.getTime() - b.createdAt.getTime();
  if (created !== 0) return created;
  return a.id < b.id ? -1 : a.id > b.id ? 1 : 0;
}

/** Posts with their priority, in rotation order. */
export function rankEvergreen<T extends EvergreenFacts>(posts: readonly T[], now: Date): (T & { priority: number })[] {
  return posts.map((p) => ({ ...p, priority: evergreenPriority(p, now) })).sort(compareEvergreen);
}

/** For responses: 3 decimals are plenty to read; sorting always uses the exact value. */
export function roundPriority(priority: number): number {
  return Math.round(priority * 1000) / 1000;
}
