import { localTime } from "@/components/dashboard/local-time";
import { StatusBadge } from "@/components/ui/status-badge";
import type { PostView } from "@/lib/hooks/api-types";

const PROBLEM = new Set(["FAILED", "UNCONFIRMED"]);

/** One post: local time with zone, status, content, channels (sandbox marked) and each channel's error. */
export function PostItem({ post, fallbackZone }: { post: PostView; fallbackZone: string }) {
  const zone = post.timezone || fallbackZone;
  const nameOf = (channelId: string) => post.channels.find((c) => c.id === channelId)?.displayName ?? channelId;
  const problems = (post.latestPublication?.results ?? []).filter((r) => PROBLEM.has(r.status));

  return (
    <li className="post" data-post-id={post.id} data-status={post.status}>
      <div className="post-when">
        {post.scheduledAt ? (
          <time dateTime={post.scheduledAt} title={`${post.scheduledAt} (${zone})`}>
            {localTime(post.scheduledAt, zone)}
          </time>
        ) : (
          <span className="muted">No time</span>
        )}
        <StatusBadge status={post.status} />
      </div>
      <div className="post-body">
        <p className="post-content">{post.content}</p>
        <ul className="chips" aria-label="Channels">
          {post.channels.map((c) => (
            <li key={c.id} className="chip">
              {c.displayName}
              {c.platform === "SANDBOX" ? (
                <span className="sandbox-tag" title="Sandbox channel: records what would be sent, posts nothing">
                  sandbox
                </span>
              ) : (
                <span className="muted"> · {c.platform.toLowerCase()}</span>
              )}
            </li>
          ))}
          {post.tags.map((t) => (
            <li key={`tag-${t}`} className="chip chip-tag">
              #{t}
            </li>
          ))}
        </ul>
        {problems.length > 0 ? (
          <ul className="post-errors" aria-label="Channel errors">
            {problems.map((r) => (
              <li key={r.channelId}>
                <strong>{nameOf(r.channelId)}:</strong>{" "}
                {r.status === "UNCONFIRMED"
                  ? "no answer from the platform; not retried to avoid a duplicate post. Check the channel."
                  : (r.errorMessage ?? "failed")}
              </li>
            ))}
          </ul>
        ) : null}
      </div>
    </li>
  );
}
