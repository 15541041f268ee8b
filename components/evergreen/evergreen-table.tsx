import styles from "@/components/evergreen/evergreen.module.css";
import { excerpt, localDateTime, relativeDays, SKIP_REASON_LABELS } from "@/components/evergreen/format";
import { formatPriority } from "@/components/evergreen/rotation-result";
import type { EvergreenPostView } from "@/components/hooks/use-evergreen";
import table from "@/components/ui/data-table.module.css";
import { TABLE_ROLES } from "@/components/ui/table-roles";

/**
 * The evergreen library in rotation order (the API sorts by priority, highest first). A card per post on a phone
 * (components/ui/data-table.module.css `.stacked`: explicit roles keep it a table for screen readers, data-label
 * names each value's column).
 */
export function EvergreenTable({ posts, timezone }: { posts: EvergreenPostView[]; timezone: string }) {
  return (
    <div className={table.scroll}>
      <table className={`${table.table} ${table.stacked}`} {...TABLE_ROLES.table} data-testid="evergreen-library">
        <thead {...TABLE_ROLES.rowgroup}>
          <tr {...TABLE_ROLES.row}>
            <th scope="col" {...TABLE_ROLES.columnheader}>
              Post
            </th>
            <th scope="col" {...TABLE_ROLES.columnheader} className={table.num}>
              Priority
            </th>
            <th scope="col" {...TABLE_ROLES.columnheader} className={table.num}>
              Published
            </th>
            <th scope="col" {...TABLE_ROLES.columnheader}>
              Last published
            </th>
            <th scope="col" {...TABLE_ROLES.columnheader}>
              Next scheduled
            </th>
            <th scope="col" {...TABLE_ROLES.columnheader}>
              Next rotation
            </th>
          </tr>
        </thead>
        <tbody {...TABLE_ROLES.rowgroup}>
          {posts.map((post) => (
            <tr key={post.id} {...TABLE_ROLES.row} data-post-id={post.id}>
              <td {...TABLE_ROLES.cell} data-label="Post" className={styles.postCell}>
                <span className={styles.excerpt}>{excerpt(post.content)}</span>
                <span className={styles.channels}>
                  {post.channels.map((c) => c.displayName).join(", ") || "no channel"}
                </span>
              </td>
              <td {...TABLE_ROLES.cell} data-label="Priority" className={table.num}>
                {formatPriority(post.priority)}
              </td>
              <td {...TABLE_ROLES.cell} data-label="Published" className={table.num}>
                {post.publishCount}×
              </td>
              <td {...TABLE_ROLES.cell} data-label="Last published">
                {post.lastPublishedAt ? (
                  <time dateTime={post.lastPublishedAt} title={localDateTime(post.lastPublishedAt, timezone)}>
                    {relativeDays(post.lastPublishedAt)}
                  </time>
                ) : (
                  <span className="muted">never</span>
                )}
              </td>
              <td {...TABLE_ROLES.cell} data-label="Next scheduled">
                {post.nextScheduledAt ? (
                  <time dateTime={post.nextScheduledAt}>{localDateTime(post.nextScheduledAt, timezone)}</time>
                ) : (
                  <span className="muted">—</span>
                )}
              </td>
              <td {...TABLE_ROLES.cell} data-label="Next rotation">
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
