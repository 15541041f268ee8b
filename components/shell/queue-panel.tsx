import type { QueueStatus } from "@/components/hooks/api-types";
import { ErrorState, LoadingRows } from "@/components/ui/panel-state";

const STATES = ["waiting", "delayed", "active", "completed", "failed"] as const;

type Props = { data: QueueStatus | undefined; isPending: boolean; error: Error | null; onRetry: () => void };

/**
 * This workspace's publish jobs by BullMQ state, and whether any worker is alive. Deployment-wide figures (all
 * jobs, worker ids, the last sweep) are the operator's: `npm run cadence -- queue status`.
 */
export function QueuePanel({ data, isPending, error, onRetry }: Props) {
  let body: React.ReactNode;
  if (isPending) body = <LoadingRows rows={3} label="Loading queue status…" />;
  else if (!data)
    body = <ErrorState title="Queue status unavailable" message={error?.message ?? "No answer"} onRetry={onRetry} />;
  else {
    // Other BullMQ states (prioritized, waiting-children, paused) only when something is in them.
    const extra = Object.keys(data.counts).filter(
      (k) => !(STATES as readonly string[]).includes(k) && (data.counts[k] ?? 0) > 0,
    );
    body = (
      <>
        <p className="muted">Jobs of this workspace’s posts</p>
        <dl className="counts">
          {[...STATES, ...extra].map((state) => (
            <div key={state} className="count">
              <dt>{state.replace("-", " ")}</dt>
              <dd>{data.counts[state] ?? 0}</dd>
            </div>
          ))}
        </dl>
        {data.liveWorkers > 0 ? (
          <p className="workers">
            <span className="dot dot-ok" aria-hidden="true" /> Publishing is running ({data.liveWorkers}{" "}
            {data.liveWorkers === 1 ? "worker" : "workers"} live)
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
        <h2 id="queue-heading">Publish queue</h2>
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
