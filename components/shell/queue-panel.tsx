import type { QueueStatus } from "@/components/hooks/api-types";
import { relative, viewerDateTime } from "@/components/shell/local-time";
import { ErrorState, LoadingRows } from "@/components/ui/panel-state";

const STATES = ["waiting", "delayed", "active", "completed", "failed"] as const;

const plural = (n: number, word: string) => `${n} ${word}${n === 1 ? "" : "s"}`;

type Props = { data: QueueStatus | undefined; isPending: boolean; error: Error | null; onRetry: () => void };

/** BullMQ job counts, the sweeper's last run and the workers whose heartbeat is alive. */
export function QueuePanel({ data, isPending, error, onRetry }: Props) {
  let body: React.ReactNode;
  if (isPending) body = <LoadingRows rows={3} label="Loading queue status…" />;
  else if (!data)
    body = <ErrorState title="Queue status unavailable" message={error?.message ?? "No answer"} onRetry={onRetry} />;
  else {
    const sweep = data.lastSweep;
    // Other BullMQ states (prioritized, waiting-children, paused) only when something is in them.
    const extra = Object.keys(data.counts).filter(
      (k) => !(STATES as readonly string[]).includes(k) && (data.counts[k] ?? 0) > 0,
    );
    body = (
      <>
        <dl className="counts">
          {[...STATES, ...extra].map((state) => (
            <div key={state} className="count">
              <dt>{state.replace("-", " ")}</dt>
              <dd>{data.counts[state] ?? 0}</dd>
            </div>
          ))}
        </dl>
        <h3 className="subhead">Last sweep</h3>
        {sweep ? (
          <p className="sweep">
            <time dateTime={sweep.at}>{viewerDateTime(sweep.at)}</time> ({relative(sweep.at)}): {sweep.duePosts} due,{" "}
            <strong>{sweep.jobsRecovered + sweep.leasesRecovered} recovered</strong> (
            {plural(sweep.jobsRecovered, "missing job")}, {plural(sweep.leasesRecovered, "expired lease")})
          </p>
        ) : (
          <p className="muted">No sweep has run yet.</p>
        )}
        <h3 className="subhead">Workers ({data.workers.length} live)</h3>
        {data.workers.length ? (
          <ul className="workers">
            {data.workers.map((w) => (
              <li key={w.workerId}>
                <span className="dot dot-ok" aria-hidden="true" />
                <code>{w.workerId}</code> <span className="muted">pid {w.pid}</span>{" "}
                <span className="muted">· seen {relative(w.at)}</span>
              </li>
            ))}
          </ul>
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
