import { formatDateTime } from "@/lib/time/format-date-time";

/**
 * The toast after a post was (re)scheduled, in the reader's locale and the post's zone, never an ISO string:
 * `${done} Tue 1 Dec, 09:00 CET`, or "Submitted for approval, for …" when approvals sent it to review instead
 * (README "Approvals"). `done` is what happened when it was scheduled, e.g. "Scheduled for", "Rescheduled to".
 */
export function scheduledMessage(
  post: { status: string; scheduledAt: string | null; timezone: string | null },
  done: string,
  now = new Date(),
): string {
  const at = post.scheduledAt ? formatDateTime(post.scheduledAt, { timeZone: post.timezone ?? "UTC", now }) : "";
  return post.status === "IN_REVIEW" ? `Submitted for approval, for ${at}` : `${done} ${at}`;
}
