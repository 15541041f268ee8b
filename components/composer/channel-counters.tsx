import { ChannelAvatar } from "@/components/calendar/channel-avatar";
import { PlatformBadge } from "@/components/calendar/platform-badge";
import type { ChannelView } from "@/components/hooks/use-channels";
import { readChannelLimits } from "@/lib/publishing/rules/channel-limits";
import { checkContent } from "@/lib/publishing/rules/check-content";
import type { ContentMedia } from "@/lib/publishing/rules/types";

/** A secondary count (Bluesky's UTF-8 bytes) is shown once it passes this share of its limit. */
const SHOW_SECONDARY_FROM = 0.8;

/**
 * The platform rule problems the composer shows while a person writes: all but `text.empty` ("needs text or media"),
 * which only says the post is still blank — shown red the moment the composer opened, before anything was typed.
 * Scheduling still refuses an empty post (422 naming the rule, lib/publishing/rules/check-content.ts).
 */
export function problemsToShow<P extends { rule: string }>(problems: readonly P[]): P[] {
  return problems.filter((p) => p.rule !== "text.empty");
}

/**
 * Live length per selected channel, counted as its platform counts (lib/publishing/rules, the same code the API
 * checks with), with the channel's own limits where known, plus every other rule the post breaks there. With media
 * (library items, passed whole so each platform's type, size, aspect-ratio and length rules apply, plus any URLs),
 * the line also says whether they fit the channel, or each reason they do not. Nothing here blocks saving a draft:
 * the rules apply when it is scheduled.
 */
export function ChannelCounters({
  id,
  channels,
  content,
  mediaUrls,
  media,
}: {
  id: string;
  channels: ChannelView[];
  content: string;
  mediaUrls: string[];
  media: ContentMedia[];
}) {
  const mediaCount = media.length + mediaUrls.length;
  if (channels.length === 0) {
    return (
      <p id={id} className="composer-hint">
        Pick a channel to see its character limit.
      </p>
    );
  }
  return (
    <ul id={id} className="composer-counters" aria-label="Characters per channel">
      {channels.map((channel) => {
        const { counts, problems } = checkContent(
          channel.platform,
          { content, mediaUrls, media },
          readChannelLimits(channel.config),
        );
        const shown = counts.filter((c, i) => i === 0 || c.used > c.max * SHOW_SECONDARY_FROM);
        const others = problemsToShow(problems).filter((p) => p.rule !== "text.length" && p.rule !== "text.bytes");
        const mediaFits = !others.some((p) => p.rule.startsWith("media."));
        return (
          <li
            key={channel.id}
            className={problemsToShow(problems).length ? "composer-counter is-bad" : "composer-counter"}
          >
            <ChannelAvatar channel={channel} decorative />
            <PlatformBadge platform={channel.platform} displayName={channel.displayName} />
            <span className="composer-counter-name">{channel.displayName}</span>
            {shown.map((count) => (
              <span
                key={count.id}
                className="composer-counter-count"
                data-channel-count={count.id === "length" ? channel.id : undefined}
                data-channel-bytes={count.id === "bytes" ? channel.id : undefined}
              >
                {count.used} / {count.max}{" "}
                {count.id === "length" ? <span className="visually-hidden">{count.unit}</span> : "bytes"}
                {count.used > count.max ? <strong> · {count.used - count.max} too many</strong> : null}
              </span>
            ))}
            {mediaCount > 0 && mediaFits ? (
              <span className="composer-counter-media" data-channel-media={channel.id}>
                · {mediaCount === 1 ? "media fits" : `${mediaCount} media items fit`}
              </span>
            ) : null}
            {others.map((p) => (
              <span
                // A rule may be broken by several items, one problem (and message) each.
                key={`${p.rule}:${p.message}`}
                className="composer-counter-problem"
                data-rule={p.rule}
                data-channel-media-problem={p.rule.startsWith("media.") ? channel.id : undefined}
              >
                {p.rule.startsWith("media.") ? <span className="visually-hidden">Media does not fit: </span> : null}
                {p.message}
              </span>
            ))}
          </li>
        );
      })}
    </ul>
  );
}
