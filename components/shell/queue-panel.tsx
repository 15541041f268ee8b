import { ErrorState, LoadingRows } from "@/components/ui/panel-state";
import type { PostCounts } from "@/lib/schemas/attention";

type Props = {
  counts: PostCounts | undefined;
  /** Workers with a live heartbeat (GET /api/scheduling/queue); undefined while unknown. */
  liveWorkers: number | undefined;
  isPending: boolean;
  error: Error | null;
  onRetry: () => void;
};

/**
 * This workspace's posts by state, from the database (GET /api/attention `counts`): scheduled in the next 24 hours,
 * publishing now, and how the publications of the last 7 days ended; and whether any worker is alive. Queue jobs
 * are the operator's view: `npm run cadence -- queue status`.
 */
export function QueuePanel({ counts, liveWorkers, isPending, error, onRetry }: Props) {
  let body: React.ReactNode;
  if (isPending) body = <LoadingRows rows={3} label="Loading post counts…" />;
  else if (!counts)
    body = <ErrorState title="Post counts unavailable" message={error?.message ?? "No answer"} onRetry={onRetry} />;
  else {
    const rows: [string, number][] = [
      ["Scheduled, next 24 h", counts.scheduledNext24h],
      ["Publishing now", counts.publishingNow],
    ];
    const week: [string, number][] = [
      ["Published", counts.last7Days.published],
      ["Partly published", counts.last7Days.partlyPublished],
      ["Failed", counts.last7Days.failed],
      ["Unconfirmed", counts.last7Days.unconfirmed],
    ];
    body = (
      <>
        <dl className="counts" aria-label="Posts now">
          {rows.map(([label, n]) => (
            <div key={label} className="count">
              <dt>{label}</dt>
              <dd>{n}</dd>
            </div>
          ))}
        </dl>
        <p className="muted">Last 7 days</p>
        <dl className="counts" aria-label="Posts of the last 7 days">
          {week.map(([label, n]) => (
            <div key={label} className={`count${n > 0 && label !== "Published" ? " count-bad" : ""}`}>
              <dt>{label}</dt>
              <dd>{n}</dd>
            </div>
          ))}
        </dl>
        {liveWorkers === undefined ? null : liveWorkers > 0 ? (
          <p className="workers">
            <span className="dot dot-ok" aria-hidden="true" /> Publishing is running ({liveWorkers}{" "}
            {liveWorkers === 1 ? "worker" : "workers"} live)
          </p>
        ) : (
          <p className="warn">No live worker: scheduled posts will not publish until one starts.</p>
        )}
      </>
    );
  }
  return (
    <section className="card queue-panel" aria-labelledby="queue-heading" aria-busy={isPending}>
      <div className="card-head">
        <h2 id="queue-heading">Posts</h2>
        {error && counts ? (
          <span className="stale" role="status">
            Stale: {error.message}
          </span>
        ) : null}
      </div>
      {body}
    </section>
  );
}
