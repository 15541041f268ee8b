"use client";

import { useState } from "react";
import { toast } from "sonner";
import type { PostView } from "@/components/hooks/api-types";
import { useAddComment, usePostComments, useReviewPost } from "@/components/hooks/use-approvals";
import { useCan } from "@/components/hooks/use-permission";
import { REVIEW_TIME_PASSED_MESSAGE } from "@/lib/approvals/review-time-passed";
import type { PostCommentView } from "@/lib/schemas/approvals";
import { formatDateTime } from "@/lib/time/format-date-time";

const KIND_LABEL: Record<PostCommentView["kind"], string> = {
  COMMENT: "commented",
  SUBMITTED: "submitted for approval",
  APPROVED: "approved",
  CHANGES_REQUESTED: "requested changes",
};

/**
 * A post's review (README "Approvals") inside the composer: its state (in review, time passed, changes requested,
 * approved), "Approve" / "Request changes" for whoever may approve while it is in review, and the comment thread
 * with a box to add to it (posts:comment). `onDecided` runs after a decision went through.
 */
export function ReviewPanel({ post, onDecided }: { post: PostView; onDecided: () => void }) {
  const canApprove = useCan("posts:approve");
  const canComment = useCan("posts:comment");
  const thread = usePostComments(post.id);
  const review = useReviewPost(post.id);
  const addComment = useAddComment(post.id);
  const [requesting, setRequesting] = useState(false);
  const [request, setRequest] = useState("");
  const [draft, setDraft] = useState("");
  const [error, setError] = useState<string | null>(null);
  const comments = thread.data?.comments ?? [];
  const lastRequest = [...comments].reverse().find((c) => c.kind === "CHANGES_REQUESTED");
  const inReview = post.status === "IN_REVIEW";

  const decide = async (decision: "approve" | "request_changes") => {
    setError(null);
    try {
      const comment = decision === "request_changes" ? request : undefined;
      await review.mutateAsync({ decision, comment, version: post.version });
      toast.success(decision === "approve" ? "Approved: the post is scheduled" : "Changes requested");
      onDecided();
    } catch (e) {
      setError(e instanceof Error ? e.message : "Something went wrong");
    }
  };
  const send = async () => {
    setError(null);
    try {
      await addComment.mutateAsync(draft);
      setDraft("");
    } catch (e) {
      setError(e instanceof Error ? e.message : "Something went wrong");
    }
  };

  return (
    <section className="review-panel" aria-labelledby="review-title" data-review-state={post.reviewState ?? ""}>
      <h3 id="review-title" className="cal-label">
        Review and comments
      </h3>
      {inReview && post.reviewTimePassed ? (
        <p className="review-state review-state-passed" role="alert">
          ⏱ {REVIEW_TIME_PASSED_MESSAGE}. Pick a new time and submit it again.
        </p>
      ) : inReview ? (
        <p className="review-state review-state-in-review">
          In review: waiting for approval
          {post.scheduledAt
            ? ` (for ${formatDateTime(post.scheduledAt, { timeZone: post.timezone ?? "UTC", now: new Date() })})`
            : ""}
          .
        </p>
      ) : post.reviewState === "CHANGES_REQUESTED" ? (
        <div className="review-state review-state-changes" role="note">
          <strong>Changes requested</strong>
          {lastRequest ? (
            <span>
              {" "}
              by {lastRequest.author?.name || lastRequest.author?.email || "an API token"}: “{lastRequest.body}”
            </span>
          ) : null}
        </div>
      ) : post.reviewState === "APPROVED" ? (
        <p className="review-state review-state-approved">✓ Approved</p>
      ) : null}

      {inReview && canApprove ? (
        <div className="review-actions">
          <button
            type="button"
            className="button primary"
            onClick={() => void decide("approve")}
            disabled={review.isPending || post.reviewTimePassed}
            title={post.reviewTimePassed ? "Its time passed: it needs a new time first" : undefined}
          >
            {review.isPending && !requesting ? "Approving…" : "Approve"}
          </button>
          {requesting ? null : (
            <button type="button" className="button" onClick={() => setRequesting(true)} disabled={review.isPending}>
              Request changes
            </button>
          )}
          {requesting ? (
            <div className="cal-field review-request">
              <label className="cal-label" htmlFor="review-request">
                What should change?
              </label>
              <textarea
                id="review-request"
                className="input"
                rows={2}
                value={request}
                maxLength={2000}
                onChange={(e) => setRequest(e.target.value)}
              />
              <div className="review-actions">
                <button
                  type="button"
                  className="button"
                  onClick={() => void decide("request_changes")}
                  disabled={review.isPending || request.trim() === ""}
                >
                  {review.isPending ? "Sending…" : "Send request"}
                </button>
                <button type="button" className="button" onClick={() => setRequesting(false)}>
                  Cancel
                </button>
              </div>
            </div>
          ) : null}
        </div>
      ) : null}

      {error ? (
        <p className="field-error" role="alert">
          {error}
        </p>
      ) : null}

      {thread.isError ? <p className="field-error">Comments could not be loaded: {thread.error.message}</p> : null}
      {thread.isPending ? <p className="composer-hint">Loading comments…</p> : null}
      {comments.length > 0 ? (
        <ol className="review-thread" aria-label="Comments">
          {comments.map((c) => (
            <li key={c.id} className={`review-comment review-comment-${c.kind.toLowerCase()}`} data-kind={c.kind}>
              <span className="review-comment-head">
                <strong>{c.author?.name || c.author?.email || "API token"}</strong> {KIND_LABEL[c.kind]} ·{" "}
                <time dateTime={c.createdAt}>{new Date(c.createdAt).toLocaleString()}</time>
              </span>
              {c.body ? <p className="review-comment-body">{c.body}</p> : null}
            </li>
          ))}
        </ol>
      ) : thread.isSuccess ? (
        <p className="composer-hint">No comments yet.</p>
      ) : null}

      {canComment ? (
        <div className="cal-field review-add">
          <label className="cal-label" htmlFor="review-comment">
            Add a comment
          </label>
          <textarea
            id="review-comment"
            className="input"
            rows={2}
            value={draft}
            maxLength={2000}
            onChange={(e) => setDraft(e.target.value)}
          />
          <div className="review-actions">
            <button
              type="button"
              className="button"
              onClick={() => void send()}
              disabled={addComment.isPending || draft.trim() === ""}
            >
              {addComment.isPending ? "Sending…" : "Comment"}
            </button>
          </div>
        </div>
      ) : null}
    </section>
  );
}
