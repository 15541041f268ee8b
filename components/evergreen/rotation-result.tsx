import styles from "@/components/evergreen/evergreen.module.css";
import { excerpt, localDateTime, SKIP_REASON_LABELS } from "@/components/evergreen/format";
import type { EvergreenPostView, RotateEvergreenResponse } from "@/components/hooks/use-evergreen";
import { humanizeInstants } from "@/lib/time/format-date-time";

/** What one rotation did: each scheduled post with its local time, each skipped post with why. */
export function RotationResult({
  result,
  library,
  timezone,
}: {
  result: RotateEvergreenResponse;
  library: EvergreenPostView[];
  timezone: string;
}) {
  const contentOf = new Map(library.map((p) => [p.id, p.content]));
  const scheduled = [...result.scheduled].sort((a, b) => Date.parse(a.scheduledAt) - Date.parse(b.scheduledAt));
  return (
    <div className={styles.result} data-testid="rotation-result">
      <h3 className={styles.resultTitle} tabIndex={-1}>
        {scheduled.length === 0
          ? "Nothing was scheduled"
          : `Scheduled ${scheduled.length} ${scheduled.length === 1 ? "post" : "posts"}`}
      </h3>
      {scheduled.length > 0 ? (
        <ol className={styles.resultList} aria-label="Scheduled posts">
          {scheduled.map((s) => (
            <li key={s.post.id} className={styles.resultItem} data-testid="rotation-scheduled">
              <time dateTime={s.scheduledAt} className={styles.resultWhen}>
                {localDateTime(s.scheduledAt, timezone)}
              </time>
              <span className={styles.resultContent}>{excerpt(s.post.content)}</span>
              <span className="muted">
                {s.platform.charAt(0) + s.platform.slice(1).toLowerCase()} ·{" "}
                {s.priority >= 10_000 ? "never published before" : `priority ${formatPriority(s.priority)}`}
              </span>
            </li>
          ))}
        </ol>
      ) : null}
      {result.skipped.length > 0 ? (
        <details className={styles.skipped} open={scheduled.length === 0}>
          <summary>
            Skipped {result.skipped.length} {result.skipped.length === 1 ? "post" : "posts"}
          </summary>
          <ul className={styles.resultList} aria-label="Skipped posts">
            {result.skipped.map((s) => (
              <li key={s.postId} className={styles.resultItem} data-testid="rotation-skipped">
                <span className={styles.reason}>{SKIP_REASON_LABELS[s.reason] ?? s.reason}</span>
                <span className={styles.resultContent}>{excerpt(contentOf.get(s.postId) ?? s.postId)}</span>
                <span className="muted">{humanizeInstants(s.message, { timeZone: timezone, now: new Date() })}</span>
              </li>
            ))}
          </ul>
        </details>
      ) : null}
      {scheduled.length > 0 ? (
        <p>
          <a href="/" className={styles.calendarLink}>
            See them in the calendar
          </a>
        </p>
      ) : null}
    </div>
  );
}

export function formatPriority(priority: number): string {
  return priority >= 10_000 ? "new" : priority.toFixed(2);
}
