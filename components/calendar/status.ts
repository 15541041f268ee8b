import type { PostStatus } from "@/components/hooks/api-types";
import { REVIEW_TIME_PASSED_MESSAGE, reviewTimePassed } from "@/lib/approvals/review-time-passed";

export const STATUS_LABEL: Record<PostStatus, string> = {
  DRAFT: "Draft",
  SCHEDULED: "Scheduled",
  PUBLISHING: "Publishing",
  PUBLISHED: "Published",
  FAILED: "Failed",
  IN_REVIEW: "In review",
};

/** Only posts waiting for their time (or that failed and may be retried) can be moved on the grid. */
export function isDraggable(status: PostStatus): boolean {
  return status === "SCHEDULED" || status === "FAILED" || status === "IN_REVIEW";
}

/** What a chip shows: a class suffix (cal-ev-*, cal-status-*), a word, and a mark so colour is never alone. */
export type ChipState = { key: string; label: string; mark: string | null };

/**
 * A post's chip state: its status, except that a settled post whose latest publication did not go out everywhere
 * says so (post.outcome, lib/posts/publication-outcome.ts): "Partly published" (⚠), "Unconfirmed" (?), "Failed"
 * (✕). A post scheduled again since shows its status: the new run is what matters. A post in review whose time
 * passed says it was not published (⏱); a draft a reviewer sent back says "Changes requested" (✎).
 */
export function chipStateOf(post: {
  status: PostStatus;
  outcome: { state: string } | null;
  scheduledAt?: string | null;
  reviewState?: string | null;
}): ChipState {
  // Waiting for approval past its time: it was not published (README "Approvals").
  if (reviewTimePassed({ status: post.status, scheduledAt: post.scheduledAt ?? null }))
    return { key: "review-passed", label: REVIEW_TIME_PASSED_MESSAGE, mark: "⏱" };
  const settled = post.status === "PUBLISHED" || post.status === "FAILED";
  const state = settled ? post.outcome?.state : undefined;
  if (state === "partly_published") return { key: "partly", label: "Partly published", mark: "⚠" };
  if (state === "unconfirmed") return { key: "unconfirmed", label: "Unconfirmed", mark: "?" };
  if (post.status === "FAILED") return { key: "failed", label: "Failed", mark: "✕" };
  if (post.status === "DRAFT" && post.reviewState === "CHANGES_REQUESTED")
    return { key: "changes", label: "Changes requested", mark: "✎" };
  return { key: post.status.toLowerCase(), label: STATUS_LABEL[post.status], mark: null };
}

/**
 * One channel's state in a post's hover card. A post still to go out (draft, scheduled) shows its own status on
 * every channel: a result from an earlier run is history. Once it runs or ran, each channel shows its result in the
 * latest publication: "Published", "Failed", "Unconfirmed", "Sending" (PENDING), "Cancelled", or "Not sent" when
 * that run made none for it (the channel was added after it).
 */
export function channelStateOf(
  post: { status: PostStatus },
  result: "PENDING" | "SUCCEEDED" | "FAILED" | "UNCONFIRMED" | "CANCELLED" | null,
): { key: string; label: string } {
  if (post.status === "DRAFT" || post.status === "SCHEDULED" || post.status === "IN_REVIEW")
    return { key: post.status.toLowerCase(), label: STATUS_LABEL[post.status] };
  switch (result) {
    case "SUCCEEDED":
      return { key: "published", label: "Published" };
    case "FAILED":
      return { key: "failed", label: "Failed" };
    case "UNCONFIRMED":
      return { key: "unconfirmed", label: "Unconfirmed" };
    case "PENDING":
      return { key: "publishing", label: "Sending" };
    case "CANCELLED":
      return { key: "draft", label: "Cancelled" };
    default:
      return post.status === "PUBLISHING"
        ? { key: "publishing", label: "Sending" }
        : { key: "draft", label: "Not sent" };
  }
}
