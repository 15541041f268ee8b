"use client";

import { usePathname, useRouter, useSearchParams } from "next/navigation";
import { useCallback, useMemo, useState } from "react";
import { usePendingDeletions } from "@/components/hooks/pending-deletions";
import { useCan } from "@/components/hooks/use-permission";
import { useSession } from "@/components/hooks/use-session";
import page from "@/components/insights/insights.module.css";
import { BulkBar } from "@/components/posts/bulk-bar";
import { PostFilters } from "@/components/posts/post-filters";
import styles from "@/components/posts/posts.module.css";
import { usePostSearch } from "@/components/posts/use-post-search";
import { EmptyState, ErrorState, LoadingRows } from "@/components/ui/panel-state";
import { StatusBadge } from "@/components/ui/status-badge";
import { formatDateTime } from "@/lib/time/format-date-time";

const OUTCOME_LABELS: Record<string, string> = {
  published: "published",
  partly_published: "partly published",
  failed: "failed",
  unconfirmed: "unconfirmed",
};

/** Posts: search and filter (every filter in the URL), select, and act on many at once (README "Finding posts"). */
export function PostsPage() {
  const router = useRouter();
  const pathname = usePathname();
  const searchParams = useSearchParams();
  const params = useMemo(() => new URLSearchParams(searchParams.toString()), [searchParams]);
  const timezone = useSession().workspace.timezone;
  const canWrite = useCan("posts:write");
  const results = usePostSearch(params);
  const [selected, setSelected] = useState<Set<string>>(new Set());
  // Posts deleted but still undoable: hidden here until the toast closes and the deletion is sent.
  const [hidden, setHidden] = useState<Set<string>>(new Set());

  const onChange = useCallback(
    (key: string, value: string) => {
      const next = new URLSearchParams(searchParams.toString());
      if (value) next.set(key, value);
      else next.delete(key);
      setSelected(new Set());
      router.replace(next.size > 0 ? `${pathname}?${next}` : pathname, { scroll: false });
    },
    [router, pathname, searchParams],
  );

  const deleting = usePendingDeletions();
  const posts = (results.data ?? []).filter((p) => !hidden.has(p.id) && !deleting.has(p.id));
  const allSelected = posts.length > 0 && posts.every((p) => selected.has(p.id));
  const toggle = (id: string) =>
    setSelected((s) => {
      const next = new Set(s);
      if (next.has(id)) next.delete(id);
      else next.add(id);
      return next;
    });

  return (
    <div className={page.page}>
      <header className={page.header}>
        <div>
          <h1>Posts</h1>
          <p className="muted">Find posts by their words, status, channel, tag or author; act on many at once.</p>
        </div>
      </header>
      <section className="card" aria-label="Filters">
        <PostFilters params={params} onChange={onChange} />
      </section>
      <section className="card" aria-labelledby="results-heading">
        <div className="card-head">
          <h2 id="results-heading" className={page.sectionTitle}>
            Results
          </h2>
          {results.data ? (
            <span className="muted" role="status">
              {posts.length} {posts.length === 1 ? "post" : "posts"}
            </span>
          ) : null}
          {/* The same filters, every matching post (not only the first page): README "Import and export". */}
          <span className={styles.exports}>
            <a className="button" href={exportHref(params, "csv")} download>
              Export CSV
            </a>
            <a className="button" href={exportHref(params, "json")} download>
              Export JSON
            </a>
          </span>
        </div>
        {canWrite ? (
          <BulkBar
            selectedIds={posts.filter((p) => selected.has(p.id)).map((p) => p.id)}
            onDone={() => setSelected(new Set())}
            onHide={(ids, hide) =>
              setHidden((h) => {
                const next = new Set(h);
                for (const id of ids) {
                  if (hide) next.add(id);
                  else next.delete(id);
                }
                return next;
              })
            }
          />
        ) : null}
        {results.isError ? (
          <ErrorState
            title="Could not search the posts"
            message={results.error.message}
            onRetry={() => void results.refetch()}
          />
        ) : !results.data ? (
          <LoadingRows rows={5} label="Searching…" />
        ) : posts.length === 0 ? (
          <EmptyState title="No posts match">Change the words or clear a filter.</EmptyState>
        ) : (
          <table className={styles.table}>
            <thead>
              <tr>
                {canWrite ? (
                  <th scope="col">
                    <input
                      type="checkbox"
                      aria-label="Select all"
                      checked={allSelected}
                      onChange={() => setSelected(allSelected ? new Set() : new Set(posts.map((p) => p.id)))}
                    />
                  </th>
                ) : null}
                <th scope="col">Post</th>
                <th scope="col">Status</th>
                <th scope="col">When</th>
                <th scope="col">Channels</th>
                <th scope="col">Tags</th>
              </tr>
            </thead>
            <tbody>
              {posts.map((p) => (
                <tr key={p.id} data-post-id={p.id}>
                  {canWrite ? (
                    <td>
                      <input
                        type="checkbox"
                        aria-label={`Select “${p.content.slice(0, 40)}”`}
                        checked={selected.has(p.id)}
                        onChange={() => toggle(p.id)}
                      />
                    </td>
                  ) : null}
                  <td className={styles.content}>{p.content || <span className="muted">(no text)</span>}</td>
                  <td>
                    <StatusBadge status={p.status} />
                    {p.outcome && p.outcome.state !== "published" ? (
                      <div className="muted">{OUTCOME_LABELS[p.outcome.state]}</div>
                    ) : null}
                  </td>
                  <td>{p.scheduledAt ? formatDateTime(p.scheduledAt, { timeZone: timezone }) : "—"}</td>
                  <td>{p.channels.map((c) => c.displayName).join(", ")}</td>
                  <td>{p.tags.map((t) => `#${t}`).join(" ")}</td>
                </tr>
              ))}
            </tbody>
          </table>
        )}
      </section>
    </div>
  );
}

/** GET /api/posts/export with the page's filters (the list's own `limit` left out: the export has its own). */
function exportHref(params: URLSearchParams, format: "csv" | "json"): string {
  const query = new URLSearchParams(params);
  query.delete("limit");
  query.set("format", format);
  return `/api/posts/export?${query}`;
}
