"use client";

import { ChannelAccount } from "@/components/composer/channel-account";
import type { PostView } from "@/components/hooks/api-types";
import { usePostMetrics } from "@/components/hooks/use-post-metrics";
import type { Platform } from "@/lib/generated/prisma/enums";
import { PLATFORM_NAMES } from "@/lib/publishing/platform-names";
import { formatDateTime } from "@/lib/time/format-date-time";

const count = new Intl.NumberFormat(undefined);

/**
 * The sent card's "Metrics so far" (README "Engagement metrics"): per channel the latest figures, named as that
 * platform names them (likes, reposts, boosts…), "as of" when they were read, in the workspace's zone; "No metrics
 * yet" until the first snapshot, and on each channel the post went out on that has none while others have.
 */
export function SentMetrics({ post, timeZone }: { post: PostView; timeZone: string }) {
  const metrics = usePostMetrics(post.id);
  // A channel deleted since is no longer among the post's channels: its publication result keeps its name.
  const nameOf = (id: string, platform: Platform) =>
    post.channels.find((c) => c.id === id)?.displayName ??
    post.latestPublication?.results.find((r) => r.channelId === id)?.channelName ??
    PLATFORM_NAMES[platform];
  // Channels it went out on that have no reading yet while others do: listed too, so a brand's account is not
  // silently missing from the figures.
  const notYet = (read: { channelId: string }[]) =>
    (post.latestPublication?.results ?? []).filter(
      (r) => r.status === "SUCCEEDED" && !read.some((c) => c.channelId === r.channelId),
    );
  return (
    <section aria-labelledby="sent-card-metrics" className="sent-card-metrics" data-testid="sent-metrics">
      <h3 id="sent-card-metrics" className="cal-label">
        Metrics so far
      </h3>
      {metrics.isError ? (
        <p className="composer-hint" role="alert">
          Could not load the metrics: {metrics.error.message}
        </p>
      ) : !metrics.data ? (
        <p className="composer-hint">Loading metrics…</p>
      ) : metrics.data.channels.length === 0 ? (
        <p className="composer-hint">No metrics yet: they are read about 1 hour, 1 day and 3 days after publishing.</p>
      ) : (
        <ul className="sent-card-metric-list">
          {metrics.data.channels.map((c) => {
            const name = nameOf(c.channelId, c.platform as Platform);
            return (
              <li key={c.channelId} data-testid="channel-metrics" aria-label={name}>
                <div className="sent-card-metric-head">
                  <ChannelAccount channelId={c.channelId} platform={c.platform as Platform} fallbackName={name} />
                  <span className="composer-hint">
                    as of {formatDateTime(c.collectedAt, { timeZone, now: new Date() })}
                  </span>
                </div>
                <dl className="sent-card-figures">
                  {c.figures.map((f) => (
                    <div key={f.metric}>
                      <dt>{f.label}</dt>
                      <dd>{count.format(f.value)}</dd>
                    </div>
                  ))}
                </dl>
              </li>
            );
          })}
          {notYet(metrics.data.channels).map((r) => (
            <li key={r.channelId} data-testid="channel-metrics" aria-label={nameOf(r.channelId, r.platform)}>
              <div className="sent-card-metric-head">
                <ChannelAccount
                  channelId={r.channelId}
                  platform={r.platform}
                  fallbackName={nameOf(r.channelId, r.platform)}
                />
                <span className="composer-hint">No metrics yet</span>
              </div>
            </li>
          ))}
        </ul>
      )}
    </section>
  );
}
