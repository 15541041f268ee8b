import { ChannelCounters } from "@/components/composer/channel-counters";
import type { ChannelView } from "@/components/hooks/use-channels";
import type { ContentMedia } from "@/lib/publishing/rules/types";
import "@/components/composer/channel-preview.css";

/**
 * "Customise for each network": per selected channel a "Customise" toggle; once on, the channel gets a text of its
 * own (starting from the shared text, which stays every other channel's) with its own counter, and that text is
 * what the channel is sent (the post's `channelContent`). Turning it off goes back to the shared text.
 */
export function ChannelTexts({
  channels,
  shared,
  custom,
  onChange,
  mediaUrls,
  media,
}: {
  channels: ChannelView[];
  shared: string;
  /** The channels that have a text of their own, by id. */
  custom: Record<string, string>;
  /** `text` null: back to the shared text. */
  onChange: (channelId: string, text: string | null) => void;
  mediaUrls: string[];
  media: ContentMedia[];
}) {
  if (channels.length === 0) return null;
  return (
    <div className="channel-texts">
      {channels.map((channel) => {
        const own = custom[channel.id];
        const textareaId = `composer-content-${channel.id}`;
        return (
          <div key={channel.id} className="channel-text" data-channel-text={channel.id}>
            <label className="channel-text-toggle">
              <input
                type="checkbox"
                checked={own !== undefined}
                onChange={(e) => onChange(channel.id, e.target.checked ? shared : null)}
              />
              Customise for {channel.displayName}
            </label>
            {own !== undefined ? (
              <>
                <label className="visually-hidden" htmlFor={textareaId}>
                  Text for {channel.displayName}
                </label>
                <textarea
                  id={textareaId}
                  className="input composer-content"
                  rows={3}
                  value={own}
                  onChange={(e) => onChange(channel.id, e.target.value)}
                  aria-describedby={`composer-counters-${channel.id}`}
                />
                <ChannelCounters
                  id={`composer-counters-${channel.id}`}
                  channels={[channel]}
                  content={own}
                  mediaUrls={mediaUrls}
                  media={media}
                />
              </>
            ) : null}
          </div>
        );
      })}
    </div>
  );
}
