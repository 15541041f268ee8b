import type { ReactNode } from "react";
import { previewFacebookPost } from "@/components/composer/channel-preview-facebook";
import { previewInstagramPost } from "@/components/composer/channel-preview-instagram";
import { previewLinkedInPost } from "@/components/composer/channel-preview-linkedin";
import type { PreviewSegment } from "@/components/composer/channel-preview-segments";
import {
  previewThreadsPost,
  THREADS_MAX_LENGTH,
  THREADS_MAX_LINKS,
} from "@/components/composer/channel-preview-threads";
import { previewXPost, X_LINK_WEIGHT, X_MAX_WEIGHTED } from "@/components/composer/channel-preview-x";
import type { ChannelView } from "@/components/hooks/use-channels";
import type { ContentMedia } from "@/lib/publishing/rules/types";

/** A library item of the post as the adapters' format functions take it. */
export type AdapterMedia = {
  id: string;
  kind: ContentMedia["kind"];
  name: string;
  mimeType: string;
  altText: string | null;
};

/**
 * One network's part of a preview card: the body (text as sent, what kind of post, counts, link card, refusals),
 * the alt text line of each library item as that adapter sends it (by media id), and whether the post's bare
 * media URLs are sent at all (these adapters send library items only).
 */
export type NetworkPreview = { body: ReactNode; altLine: Record<string, string>; sendsMediaUrls: boolean };

const plural = (n: number, one: string, many = `${one}s`) => `${n} ${n === 1 ? one : many}`;
const altLineOf = (altText: string | null) => (altText ? `Alt: ${altText}` : "No alt text");
const excerpt = (text: string) => (text.length > 24 ? `${text.slice(0, 24)}…` : text);

/**
 * The preview body of `channel` for the five networks whose adapters format posts in pure code (X, LinkedIn,
 * Threads, Facebook Pages, Instagram), each from the adapter's own format function (channel-preview-<network>.ts);
 * null for other platforms.
 */
export function networkPreview(channel: ChannelView, text: string, media: AdapterMedia[]): NetworkPreview | null {
  const post = { content: text, media };
  switch (channel.platform) {
    case "TWITTER": {
      const p = previewXPost(post);
      return { body: <XBody preview={p} />, altLine: altLines(p.media), sendsMediaUrls: false };
    }
    case "LINKEDIN": {
      const p = previewLinkedInPost(post, channel);
      const body = <LinkedInBody preview={p} fallbackName={channel.accountName ?? channel.displayName} />;
      return { body, altLine: altLines(p.images), sendsMediaUrls: false };
    }
    case "THREADS": {
      const p = previewThreadsPost(post);
      return { body: <ThreadsBody preview={p} />, altLine: altLines(p.items), sendsMediaUrls: false };
    }
    case "FACEBOOK": {
      const p = previewFacebookPost(post);
      return { body: <FacebookBody preview={p} />, altLine: altLines(p.photos), sendsMediaUrls: false };
    }
    case "INSTAGRAM": {
      const p = previewInstagramPost(post);
      const altLine = Object.fromEntries(
        p.items.map((i) => [
          i.mediaId,
          i.type === "VIDEO" ? "No alt text (Instagram reels take none)" : altLineOf(i.altText),
        ]),
      );
      return { body: <InstagramBody preview={p} />, altLine, sendsMediaUrls: false };
    }
    default:
      return null;
  }
}

function altLines(items: { id: string; altText: string | null }[]): Record<string, string> {
  return Object.fromEntries(items.map((m) => [m.id, altLineOf(m.altText)]));
}

/** The text as sent, with what the network marks highlighted and what it refuses struck through. */
function Segments({ segments }: { segments: PreviewSegment[] }) {
  // Each segment keyed by its offset in the text: unique, and stable while the text before it is unchanged.
  let at = 0;
  const keyed = segments.map((s) => {
    const key = at;
    at += s.text.length;
    return { ...s, key };
  });
  return (
    <p className="channel-preview-text">
      {keyed.map((s) =>
        s.kind === "text" && !s.over ? (
          <span key={s.key}>{s.text}</span>
        ) : s.kind === "text" ? (
          <del key={s.key} className="over" data-over="">
            {s.text}
          </del>
        ) : (
          <mark
            key={s.key}
            className={`facet facet-${s.kind}${s.over ? " over" : ""}`}
            data-facet={s.kind}
            data-over={s.over ? "" : undefined}
          >
            {s.text}
          </mark>
        ),
      )}
    </p>
  );
}

function Meta({ children, ...data }: { children: ReactNode } & Record<`data-${string}`, string | number>) {
  return (
    <p className="channel-preview-meta" {...data}>
      {children}
    </p>
  );
}

function Refusal({ children }: { children: ReactNode }) {
  return (
    <p className="channel-preview-refused" data-preview-refused="">
      {children}
    </p>
  );
}

const X_SHAPE: Record<ReturnType<typeof previewXPost>["shape"], (n: number) => string> = {
  none: () => "No media",
  images: (n) => `${plural(n, "image")} (X takes up to 4)`,
  gif: () => "1 GIF (on its own)",
  video: () => "1 video (on its own)",
  mixed: (n) => `${n} media items mixing images with a GIF or video: X takes up to 4 images, or 1 GIF, or 1 video`,
};

function XBody({ preview: p }: { preview: ReturnType<typeof previewXPost> }) {
  const past = p.segments
    .filter((s) => s.over)
    .map((s) => s.text)
    .join("");
  return (
    <>
      <Segments segments={p.segments} />
      <Meta data-preview-count={p.weightedLength}>
        {p.weightedLength} / {X_MAX_WEIGHTED} weighted characters
      </Meta>
      {past ? (
        <Refusal>
          X refuses more than {X_MAX_WEIGHTED}: struck through from “{excerpt(past)}”.
        </Refusal>
      ) : null}
      {p.links.length > 0 ? (
        <ul className="channel-preview-links" aria-label="Links, as X shortens them">
          {p.links.map((url, i) => (
            // biome-ignore lint/suspicious/noArrayIndexKey: the same link may be written twice
            <li key={i} data-preview-link={url}>
              {url} → a t.co link, counted as {X_LINK_WEIGHT}
            </li>
          ))}
        </ul>
      ) : null}
      <Meta data-preview-shape={p.shape}>Media: {X_SHAPE[p.shape](p.media.length)}</Meta>
    </>
  );
}

const LINKEDIN_SHAPE = {
  text: "Text post",
  article: "Article post",
  image: "Single-image post",
  "multi-image": "Multi-image post",
} as const;

function LinkedInBody({
  preview: p,
  fallbackName,
}: {
  preview: ReturnType<typeof previewLinkedInPost>;
  fallbackName: string;
}) {
  return (
    <>
      {p.author ? (
        <Meta data-preview-author={p.author.kind}>
          Posts as {p.author.name ?? fallbackName} ({p.author.kind === "page" ? "page" : "member"})
        </Meta>
      ) : (
        <Refusal>No LinkedIn author on this channel: reconnect it</Refusal>
      )}
      <Segments segments={p.segments} />
      {p.plainMentions > 0 ? (
        <Meta data-preview-plain-mentions={p.plainMentions}>
          @names go as plain text: LinkedIn links a mention only when it is sent with the member’s or page’s id
        </Meta>
      ) : null}
      <Meta data-preview-shape={p.shape}>
        {LINKEDIN_SHAPE[p.shape]}
        {p.shape === "multi-image" ? ` (${p.images.length} images)` : ""}
      </Meta>
      {p.articleUrl ? (
        <p className="channel-preview-card" data-preview-card={p.articleUrl}>
          Link card: {p.articleUrl}
        </p>
      ) : null}
      {p.refusal ? <Refusal>{p.refusal}</Refusal> : null}
    </>
  );
}

const THREADS_SHAPE = { TEXT: "Text post", IMAGE: "Image post", VIDEO: "Video post", CAROUSEL: "Carousel" } as const;

function ThreadsBody({ preview: p }: { preview: ReturnType<typeof previewThreadsPost> }) {
  const past = p.overFrom !== null ? p.text.slice(p.overFrom) : "";
  const linksOver = p.links.filter((l) => l.over);
  return (
    <>
      <Meta data-preview-shape={p.mediaType}>
        {THREADS_SHAPE[p.mediaType]}
        {p.mediaType === "CAROUSEL" ? ` (${p.items.length} items)` : ""}
      </Meta>
      <Segments segments={p.segments} />
      <Meta data-preview-count={p.length}>
        {p.length} / {THREADS_MAX_LENGTH} characters · {p.links.length} / {THREADS_MAX_LINKS} links
      </Meta>
      {past ? (
        <Refusal>
          Threads refuses more than {THREADS_MAX_LENGTH} characters: struck through from “{excerpt(past)}”.
        </Refusal>
      ) : null}
      {linksOver.length > 0 ? (
        <Refusal>
          Threads refuses more than {THREADS_MAX_LINKS} links: {linksOver.map((l) => l.url).join(", ")}
        </Refusal>
      ) : null}
      {p.linkPreview ? (
        <p className="channel-preview-card" data-preview-card={p.linkPreview}>
          Link preview: {p.linkPreview}
        </p>
      ) : null}
    </>
  );
}

function FacebookBody({ preview: p }: { preview: ReturnType<typeof previewFacebookPost> }) {
  return (
    <>
      <Segments segments={p.segments} />
      {p.link ? (
        <p className="channel-preview-card" data-preview-card={p.link}>
          Link preview: {p.link}
        </p>
      ) : null}
      {p.photos.length > 0 ? <Meta data-preview-shape="photos">{plural(p.photos.length, "photo")}</Meta> : null}
      {p.refusal ? <Refusal>{p.refusal}</Refusal> : null}
    </>
  );
}

const INSTAGRAM_SHAPE = { IMAGE: "Single image", REELS: "Reel", CAROUSEL: "Carousel" } as const;

function InstagramBody({ preview: p }: { preview: ReturnType<typeof previewInstagramPost> }) {
  return (
    <>
      {p.problem ? (
        <Refusal>Can't go to Instagram: {p.problem}</Refusal>
      ) : (
        <Meta data-preview-shape={p.kind}>
          {INSTAGRAM_SHAPE[p.kind]}
          {p.kind === "CAROUSEL" ? ` (${p.items.length} of up to 10 items)` : ""}
        </Meta>
      )}
      <p className="channel-preview-text">{p.caption}</p>
      <Meta data-preview-hashtags={p.hashtags}>
        {p.hashtags} / {p.maxHashtags} hashtags
      </Meta>
    </>
  );
}
