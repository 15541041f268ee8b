"use client";

import Link from "next/link";
import { Popover } from "radix-ui";
import { useState } from "react";
import { PlatformBadge } from "@/components/calendar/platform-badge";
import type { AttentionView } from "@/components/hooks/api-types";
import { useAttention } from "@/components/hooks/use-attention";
import { ErrorState, LoadingRows } from "@/components/ui/panel-state";

const STATE_LABEL = {
  published: "Published",
  partly_published: "Partly published",
  failed: "Failed",
  unconfirmed: "Unconfirmed",
} as const;
const STATE_MARK = { published: "", partly_published: "⚠", failed: "✕", unconfirmed: "?" } as const;

/**
 * "Needs attention" in the top bar: a count badge (posts whose latest publication failed, partly published or is
 * unconfirmed, posts whose time passed while waiting for approval, plus channels to reconnect; GET /api/attention) opening the list; each post links to /?post=<id>,
 * which opens it on the calendar.
 */
export function AttentionPopover() {
  const [open, setOpen] = useState(false);
  const attention = useAttention();
  const count = attention.data
    ? attention.data.totalPosts + attention.data.reviewTimePassed.length + attention.data.channels.length
    : 0;
  const label = count === 0 ? "nothing" : `${count} item${count === 1 ? "" : "s"}`;
  return (
    <Popover.Root open={open} onOpenChange={setOpen}>
      <Popover.Trigger asChild>
        <button
          type="button"
          className={`button attention-trigger${count > 0 ? " attention-trigger-on" : ""}`}
          data-count={count}
          title={`Needs attention: ${label}`}
        >
          <span className="attention-label">Needs attention</span>
          <span className="attention-count">{count}</span>
        </button>
      </Popover.Trigger>
      <Popover.Portal>
        <Popover.Content className="popover attention-popover" align="end" sideOffset={6}>
          <AttentionPanel
            data={attention.data}
            isPending={attention.isPending}
            error={attention.error}
            onRetry={() => void attention.refetch()}
            onNavigate={() => setOpen(false)}
          />
        </Popover.Content>
      </Popover.Portal>
    </Popover.Root>
  );
}

type PanelProps = {
  data: AttentionView | undefined;
  isPending: boolean;
  error: Error | null;
  onRetry: () => void;
  onNavigate: () => void;
};

/** The list itself: posts newest first with the channels that failed, then channels to reconnect. */
export function AttentionPanel({ data, isPending, error, onRetry, onNavigate }: PanelProps) {
  let body: React.ReactNode;
  if (isPending) body = <LoadingRows rows={3} label="Loading what needs attention…" />;
  else if (!data)
    body = <ErrorState title="Could not load the list" message={error?.message ?? "No answer"} onRetry={onRetry} />;
  else if (data.posts.length === 0 && data.channels.length === 0 && data.reviewTimePassed.length === 0)
    body = <p className="muted">Nothing needs attention: every recent post went out on all its channels.</p>;
  else
    body = (
      <>
        {data.posts.length > 0 ? (
          <ul className="attention-list" aria-label="Posts">
            {data.posts.map((p) => (
              <li key={p.id} className="attention-item" data-post-id={p.id} data-outcome={p.outcome.state}>
                <Link href={`/?post=${p.id}`} className="attention-link" onClick={onNavigate}>
                  <span
                    className={`cal-status cal-status-${p.outcome.state === "partly_published" ? "partly" : p.outcome.state}`}
                  >
                    <span aria-hidden="true">{STATE_MARK[p.outcome.state]} </span>
                    {STATE_LABEL[p.outcome.state]}
                  </span>
                  <span className="attention-excerpt">{p.excerpt || "No text"}</span>
                </Link>
                <span className="attention-channels">
                  {p.outcome.failing.map((f) => (
                    <span key={f.id} className="attention-channel" data-channel-id={f.id}>
                      <PlatformBadge platform={f.platform} displayName={f.displayName} /> {f.displayName}:{" "}
                      {f.status === "UNCONFIRMED" ? "unconfirmed" : "failed"}
                    </span>
                  ))}
                </span>
              </li>
            ))}
          </ul>
        ) : null}
        {data.totalPosts > data.posts.length ? (
          <p className="muted">and {data.totalPosts - data.posts.length} older posts</p>
        ) : null}
        {data.reviewTimePassed.length > 0 ? (
          <ul className="attention-list" aria-label="Posts whose time passed in review">
            {data.reviewTimePassed.map((p) => (
              <li key={p.id} className="attention-item" data-post-id={p.id} data-review-time-passed="">
                <Link href={`/?post=${p.id}`} className="attention-link" onClick={onNavigate}>
                  <span className="cal-status cal-status-review-passed">
                    <span aria-hidden="true">⏱ </span>
                    {p.message}
                  </span>
                  <span className="attention-excerpt">{p.excerpt || "No text"}</span>
                </Link>
              </li>
            ))}
          </ul>
        ) : null}
        {data.channels.length > 0 ? (
          <ul className="attention-list" aria-label="Channels to reconnect">
            {data.channels.map((c) => (
              <li key={c.id} className="attention-item" data-channel-id={c.id}>
                <PlatformBadge platform={c.platform} displayName={c.displayName} /> {c.displayName} needs reconnecting:{" "}
                {c.reason}
              </li>
            ))}
          </ul>
        ) : null}
      </>
    );
  return (
    <section className="card attention-panel" aria-labelledby="attention-heading" aria-busy={isPending}>
      <div className="card-head">
        <h2 id="attention-heading">Needs attention</h2>
        {error && data ? (
          <span className="stale" role="status">
            Stale: {error.message}
          </span>
        ) : null}
      </div>
      {body}
    </section>
  );
}
