import { PlatformBadge } from "@/components/calendar/platform-badge";
import { problemsToShow } from "@/components/composer/channel-counters";
import { type AdapterMedia, networkPreview } from "@/components/composer/channel-preview-bodies";
import type { TrayMedia } from "@/components/composer/media-tray-state";
import type { ChannelView } from "@/components/hooks/use-channels";
import { formatBlueskyPost } from "@/lib/publishing/networks/bluesky/format";
import { blueskyPreviewSegments } from "@/lib/publishing/networks/bluesky/preview-segments";
import { formatMastodonStatus } from "@/lib/publishing/networks/mastodon/format";
import { readChannelLimits } from "@/lib/publishing/rules/channel-limits";
import { checkContent } from "@/lib/publishing/rules/check-content";
import type { ContentMedia } from "@/lib/publishing/rules/types";
import "@/components/composer/channel-preview.css";

/** One library item of the post, in order, as the preview shows it. */
export type PreviewMedia = { media: TrayMedia; altText: string };

const VISIBILITY_LABEL: Record<string, string> = {
  public: "Public",
  unlisted: "Quiet public",
  private: "Followers only",
  direct: "Mentioned people only",
};

/**
 * What one channel will be sent, formatted by its adapter's own pure code: Bluesky's text with the facets RichText
 * finds (links, mentions, hashtags) highlighted (formatBlueskyPost, blueskyPreviewSegments) and the link a card
 * would show; Mastodon's content warning and visibility from the channel's settings (formatMastodonStatus); X,
 * LinkedIn, Threads, Facebook Pages and Instagram from their adapters' format functions (networkPreview: the text
 * as sent and as the network marks it, counts, where a limit is passed, the kind of post, link card, author);
 * others the text as written. Then the media in order with their alt text as sent, and every rule the text or
 * media break there (the counters' problems, lib/publishing/rules): what the network would cut or refuse.
 */
export function ChannelPreview({
  channel,
  text,
  media,
  mediaUrls,
  contentMedia,
}: {
  channel: ChannelView;
  text: string;
  media: readonly PreviewMedia[];
  mediaUrls: readonly string[];
  contentMedia: ContentMedia[];
}) {
  const problems = problemsToShow(
    checkContent(
      channel.platform,
      { content: text, mediaUrls: [...mediaUrls], media: contentMedia },
      readChannelLimits(channel.config),
    ).problems,
  );
  const adapterMedia: AdapterMedia[] = media.map(({ media: m, altText }) => ({
    id: m.id,
    kind: m.kind,
    name: m.name ?? "",
    mimeType: m.mimeType,
    altText: altText.trim() === "" ? null : altText,
  }));
  const network = networkPreview(channel, text, adapterMedia);
  return (
    <article className="channel-preview" data-preview={channel.id} aria-label={`Preview for ${channel.displayName}`}>
      <header className="channel-preview-head">
        <PlatformBadge platform={channel.platform} displayName={channel.displayName} />
        <span>{channel.displayName}</span>
      </header>
      {network ? (
        network.body
      ) : channel.platform === "BLUESKY" ? (
        <BlueskyBody channel={channel} text={text} media={adapterMedia} />
      ) : channel.platform === "MASTODON" ? (
        <MastodonBody channel={channel} text={text} media={adapterMedia} />
      ) : (
        <p className="channel-preview-text">{text}</p>
      )}
      {media.length + mediaUrls.length > 0 ? (
        <ol className="channel-preview-media" aria-label="Media, in order">
          {media.map(({ media: m, altText }) => (
            <li key={m.id}>
              {m.thumbnailUrl ? (
                // biome-ignore lint/performance/noImgElement: the API's small webp thumbnail, or a local preview (blob: URL) next/image cannot load
                <img src={m.thumbnailUrl} alt={altText} width={64} height={64} />
              ) : (
                <span className="channel-preview-nothumb">{m.kind}</span>
              )}
              <span className="channel-preview-alt" data-preview-alt={m.id}>
                {network?.altLine[m.id] ?? (altText.trim() ? `Alt: ${altText}` : "No alt text")}
              </span>
            </li>
          ))}
          {mediaUrls.map((url) => (
            <li key={url}>
              <span className="channel-preview-nothumb">URL</span>
              <span className="channel-preview-alt" data-preview-url={url}>
                {network && !network.sendsMediaUrls ? `Not sent (only library media are): ${url}` : url}
              </span>
            </li>
          ))}
        </ol>
      ) : null}
      {problems.length > 0 ? (
        <ul className="channel-preview-problems" aria-label="Would be refused">
          {problems.map((p) => (
            <li key={`${p.rule}:${p.message}`} data-preview-problem={p.rule}>
              {p.message}
            </li>
          ))}
        </ul>
      ) : null}
    </article>
  );
}

function BlueskyBody({ channel, text, media }: { channel: ChannelView; text: string; media: AdapterMedia[] }) {
  const draft = formatBlueskyPost({ content: text, media }, channel);
  return (
    <>
      <p className="channel-preview-text">
        {blueskyPreviewSegments(draft).map((s, i) =>
          s.kind === "text" ? (
            // biome-ignore lint/suspicious/noArrayIndexKey: segments are positional; the text is re-cut on each edit
            <span key={i}>{s.text}</span>
          ) : (
            // biome-ignore lint/suspicious/noArrayIndexKey: as above
            <mark key={i} className={`facet facet-${s.kind}`} data-facet={s.kind}>
              {s.text}
            </mark>
          ),
        )}
      </p>
      {draft.firstLink && media.length === 0 ? (
        <p className="channel-preview-card" data-preview-card={draft.firstLink}>
          Link card: {draft.firstLink}
        </p>
      ) : null}
    </>
  );
}

function MastodonBody({ channel, text, media }: { channel: ChannelView; text: string; media: AdapterMedia[] }) {
  const status = formatMastodonStatus({ content: text, media }, channel);
  return (
    <>
      {status.visibility ? (
        <p className="channel-preview-meta" data-preview-visibility={status.visibility}>
          Visibility: {VISIBILITY_LABEL[status.visibility]}
        </p>
      ) : null}
      {status.spoilerText ? (
        <p className="channel-preview-cw" data-preview-cw="">
          Content warning: {status.spoilerText}
        </p>
      ) : null}
      <p className="channel-preview-text">{status.status}</p>
    </>
  );
}
