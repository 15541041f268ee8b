import type { PostStatus, PostView } from "@/components/hooks/api-types";
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
export function chipStateOf(
  post: Pick<PostView, "status" | "outcome"> & { scheduledAt?: string | null; reviewState?: string | null },
): ChipState {
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
