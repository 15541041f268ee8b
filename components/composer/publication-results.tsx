import { PlatformBadge } from "@/components/calendar/platform-badge";
import type { PostView } from "@/components/hooks/api-types";
import { httpUrlOrNull } from "@/lib/net/http-url-or-null";

const RESULT_LABEL = {
  PENDING: "Pending",
  SUCCEEDED: "Published",
  FAILED: "Failed",
  UNCONFIRMED: "Unconfirmed",
  CANCELLED: "Cancelled",
};

/** The latest publication per channel: each channel's error, and a retry when nothing went out. */
export function PublicationResults({
  post,
  onRetry,
  retrying,
}: {
  post: PostView;
  onRetry: () => void;
  retrying: boolean;
}) {
  const publication = post.latestPublication;
  if (!publication || publication.results.length === 0) return null;
  const channel = (id: string) => post.channels.find((c) => c.id === id);
  const anyFailed = publication.results.some((r) => r.status === "FAILED" || r.status === "UNCONFIRMED");
  // Scheduled again since (a retry, a new time): these results are history, and the next attempt is what matters.
  const superseded = post.status === "SCHEDULED" && publication.postVersion < post.version;
  return (
    <section className="composer-results" aria-labelledby="composer-results-title">
      <h3 id="composer-results-title" className="composer-section-title">
        {superseded ? "Previous attempt" : "Last publication"}
      </h3>
      {superseded && post.scheduledAtLocal ? (
        <p className="composer-hint" data-testid="next-attempt">
          Scheduled again for {post.scheduledAtLocal.slice(0, 16).replace("T", " ")} ({post.timezone}); these are the
          results of the previous attempt.
        </p>
      ) : null}
      <ul>
        {publication.results.map((r) => {
          const c = channel(r.channelId);
          // Rows stored before links were checked may hold any scheme: only http(s) renders as a link.
          const link = httpUrlOrNull(r.url);
          return (
            <li key={r.channelId} className={`composer-result composer-result-${r.status.toLowerCase()}`}>
              <PlatformBadge platform={r.platform} displayName={c?.displayName} />
              <span className="composer-result-name">{c?.displayName ?? r.platform}</span>
              <span className={`cal-status cal-status-${r.status === "SUCCEEDED" ? "published" : "failed"}`}>
                {RESULT_LABEL[r.status]}
              </span>
              {r.status === "FAILED" ? (
                <span className="composer-result-error">{r.errorMessage ?? "failed"}</span>
              ) : null}
              {r.status === "CANCELLED" ? (
                <span className="composer-result-error">{r.errorMessage ?? "cancelled before it was sent"}</span>
              ) : null}
              {r.status === "UNCONFIRMED" ? (
                <span className="composer-result-error">
                  No answer from the platform; not retried to avoid a duplicate post. Check the channel.
                </span>
              ) : null}
              {link ? (
                <a href={link} target="_blank" rel="noopener noreferrer">
                  View
                </a>
              ) : null}
            </li>
          );
        })}
      </ul>
      {post.status === "FAILED" && anyFailed ? (
        <button type="button" className="button" onClick={onRetry} disabled={retrying}>
          {retrying ? "Retrying…" : "Retry in 1 minute"}
        </button>
      ) : null}
    </section>
  );
}
