"use client";

import { useAuditLog } from "@/components/hooks/use-audit-log";
import { useCan } from "@/components/hooks/use-permission";
import page from "@/components/insights/insights.module.css";
import { describeAuditEvent } from "@/components/settings/audit/describe-audit-event";
import styles from "@/components/settings/settings.module.css";
import { EmptyState, ErrorState, LoadingRows } from "@/components/ui/panel-state";

const when = (iso: string) => new Date(iso).toLocaleString(undefined, { dateStyle: "medium", timeStyle: "short" });

/**
 * Settings → Audit log (audit:read: Owners and Admins): who changed what and when, newest first, 50 at a time
 * (GET /api/audit). Each event reads as a sentence (describeAuditEvent); the CLI shows as "Operator CLI".
 */
export function AuditLogPage() {
  const canRead = useCan("audit:read");
  return (
    <div className={page.page}>
      <header className={page.header}>
        <div>
          <h1>Audit log</h1>
          <p className="muted">
            Every change to the team, roles, API tokens, passwords and settings: who, what and when. Kept until the
            workspace is deleted.
          </p>
        </div>
      </header>
      {canRead ? <AuditTable /> : <EmptyState title="Only an Owner or Admin reads the audit log" />}
    </div>
  );
}

function AuditTable() {
  const log = useAuditLog();
  if (log.isPending) return <LoadingRows rows={5} label="Loading the audit log…" />;
  if (log.isError)
    return (
      <ErrorState title="Could not load the audit log" message={log.error.message} onRetry={() => log.refetch()} />
    );
  const events = log.data.pages.flatMap((p) => p.items);
  if (events.length === 0) return <EmptyState title="Nothing recorded yet" />;
  return (
    <section className="card" aria-labelledby="audit-title">
      <h2 id="audit-title" className="visually-hidden">
        Events
      </h2>
      <div className={styles.tableWrap}>
        <table className={styles.table}>
          <thead>
            <tr>
              <th scope="col">When</th>
              <th scope="col">Who</th>
              <th scope="col">What</th>
            </tr>
          </thead>
          <tbody>
            {events.map((event) => {
              const { who, what } = describeAuditEvent(event);
              return (
                <tr key={event.id} data-action={event.action}>
                  <td>
                    <time dateTime={event.createdAt}>{when(event.createdAt)}</time>
                  </td>
                  <td>{who}</td>
                  <td>{what}</td>
                </tr>
              );
            })}
          </tbody>
        </table>
      </div>
      {log.hasNextPage ? (
        <button
          type="button"
          className="button"
          disabled={log.isFetchingNextPage}
          onClick={() => void log.fetchNextPage()}
        >
          {log.isFetchingNextPage ? "Loading…" : "Show older events"}
        </button>
      ) : null}
    </section>
  );
}
