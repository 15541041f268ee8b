import {
  cutPreviewSegments,
  type PreviewMark,
  type PreviewSegment,
} from "@/components/composer/channel-preview-segments";
import { formatLinkedInPost, type LinkedInPostDraft } from "@/lib/publishing/networks/linkedin/format";
import { countMentions } from "@/lib/publishing/rules/text-measures";

/** What one LinkedIn channel's preview shows: the adapter's draft (formatLinkedInPost) as a reader will see it. */
export type LinkedInPreview = {
  /** Who posts: a member (urn:li:person:…) or a page (urn:li:organization:…); null when the channel has none. */
  author: { urn: string; kind: "member" | "page"; name: string | null } | null;
  /** The commentary as LinkedIn shows it: little format read back (escapes gone, hashtag templates as #tags). */
  text: string;
  /** Hashtags (LinkedIn's HashtagTemplate) and web addresses marked; @names stay plain text. */
  segments: PreviewSegment[];
  /** "@name"s in the text: sent as plain text (a LinkedIn mention needs the member's or page's URN). */
  plainMentions: number;
  /** "text", "article" (the first link as a card, no media), "image" (one) or "multi-image" (2–20). */
  shape: "text" | "article" | "image" | "multi-image";
  articleUrl: string | null;
  images: LinkedInPostDraft["images"];
  /** Why the adapter will refuse the post (a video: it sends images only), else null. */
  refusal: string | null;
};

const HASHTAG_TEMPLATE = "{hashtag|\\#|";
const WEB_ADDRESS = /\bhttps?:\/\/\S+/giu;

/**
 * A little-format commentary as its readers see it: each backslash-escaped character as itself and each
 * `{hashtag|\#|tag}` as "#tag", marked (https://learn.microsoft.com/en-us/linkedin/marketing/community-management/
 * shares/little-text-format). Exported for its tests: readLittleCommentary(toLittleCommentary(t)).text === t.
 */
export function readLittleCommentary(little: string): { text: string; tags: PreviewMark[] } {
  let text = "";
  const tags: PreviewMark[] = [];
  let i = 0;
  while (i < little.length) {
    if (little.startsWith(HASHTAG_TEMPLATE, i)) {
      let tag = "";
      let j = i + HASHTAG_TEMPLATE.length;
      for (; j < little.length && little[j] !== "}"; j++) {
        if (little[j] === "\\") j++;
        tag += little[j] ?? "";
      }
      tags.push({ start: text.length, end: text.length + 1 + tag.length, kind: "tag" });
      text += `#${tag}`;
      i = j + 1;
    } else if (little[i] === "\\" && i + 1 < little.length) {
      text += little[i + 1];
      i += 2;
    } else {
      text += little[i];
      i++;
    }
  }
  return { text, tags };
}

/**
 * The preview of `post` on a LinkedIn channel: formatLinkedInPost (the adapter's draft) read back from little format
 * (readLittleCommentary), its web addresses marked (LinkedIn links them), the author from the channel's config
 * (`authorUrn`, `kind`, `name`: linkedin/config.ts), and the kind of post: images (content.media for one,
 * content.multiImage for 2–20: .../shares/multiimage-post-api), else an article for the first link
 * (.../shares/posts-api#article-post-creation), else text only; a video is refused (upload-image.ts). Pure.
 */
export function previewLinkedInPost(
  post: Parameters<typeof formatLinkedInPost>[0],
  channel: Parameters<typeof formatLinkedInPost>[1],
): LinkedInPreview {
  const draft = formatLinkedInPost(post, channel);
  const { text, tags } = readLittleCommentary(draft.commentary);
  const links: PreviewMark[] = [...text.matchAll(WEB_ADDRESS)].map((m) => ({
    start: m.index,
    end: m.index + m[0].length,
    kind: "link",
  }));
  const config = (channel.config ?? {}) as Record<string, unknown>;
  const author = draft.author
    ? {
        urn: draft.author,
        kind: draft.author.startsWith("urn:li:organization:") ? ("page" as const) : ("member" as const),
        name: typeof config.name === "string" && config.name.trim() ? config.name : null,
      }
    : null;
  const shape =
    draft.images.length > 1
      ? "multi-image"
      : draft.images.length === 1
        ? "image"
        : draft.articleUrl
          ? "article"
          : "text";
  return {
    author,
    text,
    segments: cutPreviewSegments(text, [...tags, ...links]),
    plainMentions: countMentions(text),
    shape,
    articleUrl: draft.articleUrl,
    images: draft.images,
    refusal: draft.images.some((m) => m.kind === "VIDEO")
      ? "Cadence does not send video to LinkedIn yet: the post would fail there"
      : null,
  };
}
