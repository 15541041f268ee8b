"use client";

import { type ReactNode, useState } from "react";
import { toast } from "sonner";
import { ChannelAccount } from "@/components/composer/channel-account";
import type { FailingChannelView, PostView, ResultView } from "@/components/hooks/api-types";
import { useCan } from "@/components/hooks/use-permission";
import { type RetryInput, useResolveResult, useRetryPublication } from "@/components/hooks/use-publication-actions";
import { httpUrlOrNull } from "@/lib/net/http-url-or-null";
import { formatDateTime } from "@/lib/time/format-date-time";

const RESULT_LABEL: Record<ResultView["status"], string> = {
  PENDING: "Pending",
  SUCCEEDED: "Published",
  FAILED: "Failed",
  UNCONFIRMED: "Unconfirmed",
  CANCELLED: "Cancelled",
};
const RESULT_CLASS: Record<ResultView["status"], string> = {
  PENDING: "publishing",
  SUCCEEDED: "published",
  FAILED: "failed",
  UNCONFIRMED: "unconfirmed",
  CANCELLED: "draft",
};
const OUTCOME_LABEL = {
  published: "Published on every channel",
  partly_published: "Partly published",
  failed: "Not published",
  unconfirmed: "Unconfirmed: it may or may not be out",
} as const;

/**
 * The latest publication per channel: its status, error, a "View" link to the post on its network (http(s) only),
 * and what can be done about a channel that did not publish (post.outcome's `next`): "Retry" only where retrying can
 * help (POST /api/posts/:id/retry for that channel: succeeded channels are never sent again); for an UNCONFIRMED
 * channel "Mark as published" or "Publish again anyway" after an explicit confirmation (it could double-post);
 * otherwise the reason (edit the post, fix the channel). `onRetry`/`retrying` are no longer used: retries are per
 * channel here. Retrying (and publishing again) needs posts:schedule, marking as published posts:write: a role
 * without them (Viewer, Approver) sees the results and reasons without those buttons.
 */
export function PublicationResults({ post }: { post: PostView; onRetry?: () => void; retrying?: boolean }) {
  const retry = useRetryPublication();
  const canRetry = useCan("posts:schedule");
  const canResolve = useCan("posts:write");
  const resolve = useResolveResult();
  const [confirming, setConfirming] = useState<{ channelId: string; action: "again" | "mark" } | null>(null);
  const [markUrl, setMarkUrl] = useState("");
  const publication = post.latestPublication;
  if (!publication || publication.results.length === 0) return null;
  const channel = (id: string) => post.channels.find((c) => c.id === id);
  // Scheduled again since (a new time, a retry under way): these results are history, the next attempt matters.
  const superseded = post.status === "SCHEDULED" && publication.postVersion < post.version;
  const outcome = post.outcome?.publicationId === publication.id ? post.outcome : null;
  const failingOf = (channelId: string) => outcome?.failing.find((f) => f.id === channelId);
  const retryable = outcome?.failing.filter((f) => f.next === "retry") ?? [];
  const busy = retry.isPending || resolve.isPending;

  const runRetry = (input: Omit<RetryInput, "id">, what: string) =>
    retry.mutate(
      { id: post.id, ...input },
      {
        onSuccess: () => {
          setConfirming(null);
          toast.success(`Retrying ${what}`);
        },
        onError: (err) => toast.error(err.message),
      },
    );
  const markPublished = (f: FailingChannelView) =>
    resolve.mutate(
      { id: post.id, resultId: f.resultId, as: "published", url: markUrl.trim() || undefined },
      {
        onSuccess: () => {
          setConfirming(null);
          setMarkUrl("");
          toast.success(`Marked as published on ${f.displayName}`);
        },
        onError: (err) => toast.error(err.message),
      },
    );

  return (
    <section className="composer-results" aria-labelledby="composer-results-title">
      <h3 id="composer-results-title" className="composer-section-title">
        {superseded ? "Previous attempt" : "Last publication"}
      </h3>
      {superseded && post.scheduledAt ? (
        <p className="composer-hint" data-testid="next-attempt">
          {`Scheduled again for ${formatDateTime(post.scheduledAt, { timeZone: post.timezone ?? "UTC", now: new Date() })};`}{" "}
          these are the results of the previous attempt.
        </p>
      ) : null}
      {outcome && !superseded ? (
        <p className="composer-hint" data-testid="publication-outcome" data-outcome={outcome.state}>
          {OUTCOME_LABEL[outcome.state]}
          {outcome.failing.length > 0
            ? ` — ${outcome.failing.length} of ${publication.results.length} channels did not publish`
            : ""}
        </p>
      ) : null}
      <ul>
        {publication.results.map((r) => {
          const c = channel(r.channelId);
          // A channel deleted since is no longer among the post's channels; the result keeps its name.
          const name = c?.displayName ?? r.channelName;
          // Rows stored before links were checked may hold any scheme: only http(s) renders as a link.
          const link = r.status === "SUCCEEDED" ? httpUrlOrNull(r.url) : null;
          const f = superseded ? undefined : failingOf(r.channelId);
          const asking = confirming?.channelId === r.channelId ? confirming.action : null;
          return (
            <li
              key={r.channelId}
              className={`composer-result composer-result-${r.status.toLowerCase()}`}
              data-channel-id={r.channelId}
            >
              <ChannelAccount channelId={r.channelId} platform={r.platform} fallbackName={name} />
              <span className={`cal-status cal-status-${RESULT_CLASS[r.status]}`}>{RESULT_LABEL[r.status]}</span>
              {link ? (
                <a href={link} target="_blank" rel="noopener noreferrer">
                  View<span className="visually-hidden"> on {name}</span>
                </a>
              ) : null}
              {r.status === "FAILED" || r.status === "UNCONFIRMED" || r.status === "CANCELLED" ? (
                <span className="composer-result-error">
                  {r.errorMessage ??
                    (r.status === "CANCELLED"
                      ? "cancelled before it was sent"
                      : r.status === "UNCONFIRMED"
                        ? "No answer from the platform; not retried to avoid a duplicate post. Check the channel."
                        : "failed")}
                </span>
              ) : null}
              {f && f.next === "retry" && canRetry ? (
                <button
                  type="button"
                  className="button"
                  disabled={busy}
                  onClick={() => runRetry({ channelIds: [f.id] }, f.displayName)}
                >
                  Retry<span className="visually-hidden"> {f.displayName}</span>
                </button>
              ) : null}
              {f && (f.next === "edit_post" || f.next === "fix_channel") ? (
                <span className="composer-result-next">{f.nextReason}</span>
              ) : null}
              {f && f.next === "check_network" && !asking ? (
                <span className="composer-result-actions">
                  <span className="composer-result-next">{f.nextReason}</span>
                  {canResolve ? (
                    <button
                      type="button"
                      className="button"
                      disabled={busy}
                      onClick={() => setConfirming({ channelId: f.id, action: "mark" })}
                    >
                      Mark as published
                    </button>
                  ) : null}
                  {canRetry ? (
                    <button
                      type="button"
                      className="button"
                      disabled={busy}
                      onClick={() => setConfirming({ channelId: f.id, action: "again" })}
                    >
                      Publish again anyway
                    </button>
                  ) : null}
                </span>
              ) : null}
              {f && asking === "mark" ? (
                <ConfirmStep
                  legend={<span className="visually-hidden">Mark as published on {name}</span>}
                  confirmLabel="Confirm: it is published"
                  busy={busy}
                  onConfirm={() => markPublished(f)}
                  onCancel={() => setConfirming(null)}
                >
                  <label>
                    Link to the post on {name} (optional){" "}
                    <input
                      type="url"
                      value={markUrl}
                      onChange={(e) => setMarkUrl(e.target.value)}
                      placeholder="https://…"
                    />
                  </label>
                </ConfirmStep>
              ) : null}
              {f && asking === "again" ? (
                <ConfirmStep
                  legend={`${name} may already show this post: publishing again could make it appear twice. Publish again?`}
                  confirmLabel="Yes, publish again"
                  busy={busy}
                  onConfirm={() => runRetry({ channelIds: [f.id], publishAgainAnyway: true }, f.displayName)}
                  onCancel={() => setConfirming(null)}
                />
              ) : null}
            </li>
          );
        })}
      </ul>
      {retryable.length > 1 && canRetry ? (
        <button
          type="button"
          className="button"
          disabled={busy}
          onClick={() => runRetry({}, `${retryable.length} channels`)}
        >
          {retry.isPending ? "Retrying…" : `Retry the ${retryable.length} failed channels`}
        </button>
      ) : null}
    </section>
  );
}

/**
 * The second step of an action that could double-post or hide a failure: what is asked (legend), optional inputs,
 * the confirming button (primary) and Cancel, grouped so a screen reader announces the question with the buttons.
 */
function ConfirmStep({
  legend,
  confirmLabel,
  busy,
  onConfirm,
  onCancel,
  children,
}: {
  legend: ReactNode;
  confirmLabel: string;
  busy: boolean;
  onConfirm: () => void;
  onCancel: () => void;
  children?: ReactNode;
}) {
  return (
    <fieldset className="composer-result-confirm">
      <legend>{legend}</legend>
      {children}
      <button type="button" className="button primary" disabled={busy} onClick={onConfirm}>
        {confirmLabel}
      </button>
      <button type="button" className="button" onClick={onCancel}>
        Cancel
      </button>
    </fieldset>
  );
}
