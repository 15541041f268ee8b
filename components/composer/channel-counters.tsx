import { PlatformBadge } from "@/components/calendar/platform-badge";
import type { ChannelView } from "@/components/hooks/use-channels";
import { checkContent, contentLimit, measureContent } from "@/lib/publishing/limits";

/** Live length per selected channel, counted as its platform counts (lib/publishing/limits), plus media rules. */
export function ChannelCounters({
  id,
  channels,
  content,
  mediaUrls,
}: {
  id: string;
  channels: ChannelView[];
  content: string;
  mediaUrls: string[];
}) {
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
        const { limit, unit } = contentLimit(channel.platform);
        const used = measureContent(channel.platform, content);
        const problems = checkContent(channel.platform, { content, mediaUrls });
        const over = used > limit;
        return (
          <li key={channel.id} className={problems.length ? "composer-counter is-bad" : "composer-counter"}>
            <PlatformBadge platform={channel.platform} displayName={channel.displayName} />
            <span className="composer-counter-name">{channel.displayName}</span>
            <span className="composer-counter-count" data-channel-count={channel.id}>
              {used} / {limit} <span className="visually-hidden">{unit}</span>
              {over ? <strong> · {used - limit} too many</strong> : null}
            </span>
            {problems
              .filter((p) => !p.includes(" allows "))
              .map((p) => (
                <span key={p} className="composer-counter-problem">
                  {p}
                </span>
              ))}
          </li>
        );
      })}
    </ul>
  );
}
