// Pure and import-free, so the dashboard (calendar chip, post dialog) and the server (Needs attention) say the same.

/** What a post says when its time passed while it waited for approval: it was never published. */
export const REVIEW_TIME_PASSED_MESSAGE = "Not published: its time passed while waiting for approval";

/**
 * True when `post` is IN_REVIEW and its wanted time (`scheduledAt`, an instant) is at or before `now`: it will not
 * be published (nothing is queued for a post in review), and approving it is refused until it has a new time.
 */
export function reviewTimePassed(
  post: { status: string; scheduledAt: Date | string | null },
  now: Date = new Date(),
): boolean {
  if (post.status !== "IN_REVIEW" || post.scheduledAt === null) return false;
  const at = typeof post.scheduledAt === "string" ? Date.parse(post.scheduledAt) : post.scheduledAt.getTime();
  return at <= now.getTime();
}
