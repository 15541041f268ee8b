import styles from "@/components/evergreen/evergreen.module.css";
import { excerpt, localDateTime, relativeDays, SKIP_REASON_LABELS } from "@/components/evergreen/format";
import { formatPriority } from "@/components/evergreen/rotation-result";
import type { EvergreenPostView } from "@/components/hooks/use-evergreen";

/** The evergreen library in rotation order (the API sorts by priority, highest first). */
export function EvergreenTable({ posts, timezone }: { posts: EvergreenPostView[]; timezone: string }) {
  return (
    <div className={styles.tableScroll}>
      <table className={styles.table} data-testid="evergreen-library">
        <thead>
          <tr>
            <th scope="col">Post</th>
            <th scope="col" className={styles.num}>
              Priority
            </th>
            <th scope="col" className={styles.num}>
              Published
            </th>
            <th scope="col">Last published</th>
            <th scope="col">Next scheduled</th>
            <th scope="col">Next rotation</th>
          </tr>
        </thead>
        <tbody>
          {posts.map((post) => (
            <tr key={post.id} data-post-id={post.id}>
              <td className={styles.postCell}>
                <span className={styles.excerpt}>{excerpt(post.content)}</span>
                <span className={styles.channels}>
                  {post.channels.map((c) => c.displayName).join(", ") || "no channel"}
                </span>
              </td>
              <td className={styles.num}>{formatPriority(post.priority)}</td>
              <td className={styles.num}>{post.publishCount}×</td>
              <td>
                {post.lastPublishedAt ? (
                  <time dateTime={post.lastPublishedAt} title={localDateTime(post.lastPublishedAt, timezone)}>
                    {relativeDays(post.lastPublishedAt)}
                  </time>
                ) : (
                  <span className="muted">never</span>
                )}
              </td>
              <td>
                {post.nextScheduledAt ? (
                  <time dateTime={post.nextScheduledAt}>{localDateTime(post.nextScheduledAt, timezone)}</time>
                ) : (
                  <span className="muted">—</span>
                )}
              </td>
              <td>
                {post.skipReason ? (
                  <span className={styles.reason}>{SKIP_REASON_LABELS[post.skipReason] ?? post.skipReason}</span>
                ) : (
                  <span className={styles.ready}>Ready</span>
                )}
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
