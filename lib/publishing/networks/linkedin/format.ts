import { toLittleCommentary } from "@/lib/publishing/networks/linkedin/little-text";
import type { PublishableMedia, PublishablePost, PublishTarget } from "@/lib/publishing/networks/types";

/**
 * What one LinkedIn post carries (POST /rest/posts), before its images are uploaded: the author, the commentary in
 * little format, PUBLIC visibility on the main feed, and either the images (uploaded first through the Images API,
 * each with its alt text) or, with no media, the first link of the text as an article.
 */
export type LinkedInPostDraft = {
  /** urn:li:person:… or urn:li:organization:…; "" when the channel has no author yet. */
  author: string;
  commentary: string;
  visibility: "PUBLIC";
  distribution: { feedDistribution: "MAIN_FEED"; targetEntities: []; thirdPartyDistributionChannels: [] };
  lifecycleState: "PUBLISHED";
  isReshareDisabledByAuthor: false;
  /** The library items in the post's order with their alt text; empty: none. */
  images: { id: string; name: string; mimeType: string; kind: PublishableMedia["kind"]; altText: string | null }[];
  /** The first http(s) link of the text, sent as content.article when there are no images; else null. */
  articleUrl: string | null;
};

/**
 * The first http(s) address written in `text`, without the punctuation that ends a sentence after it ("see
 * https://a.example/x." → https://a.example/x) or a closing bracket it did not open; null when there is none.
 */
export function firstLink(text: string): string | null {
  const match = /\bhttps?:\/\/[^\s<>"'`]+/i.exec(text);
  if (!match) return null;
  let url = match[0];
  for (;;) {
    const last = url.at(-1) ?? "";
    const opens = (c: string) => url.split(c).length - 1;
    if (/[.,;:!?'"]/.test(last) || (last === ")" && opens(")") > opens("("))) url = url.slice(0, -1);
    else break;
  }
  try {
    new URL(url);
    return url;
  } catch {
    return null;
  }
}

/**
 * The post Cadence sends for `post` on a LinkedIn channel (Posts API:
 * https://learn.microsoft.com/en-us/linkedin/marketing/community-management/shares/posts-api): author from the
 * channel's config (`authorUrn`), commentary = the text through toLittleCommentary (reserved characters escaped,
 * hashtags as HashtagTemplate: .../shares/little-text-format), visibility PUBLIC, distribution MAIN_FEED,
 * lifecycleState PUBLISHED, the media with alt text (content.media for one image, content.multiImage for 2–20:
 * .../shares/multiimage-post-api), and — only without media — the first link as content.article
 * (.../shares/posts-api#article-post-creation). Pure and browser-safe: the composer's preview shows what it returns.
 */
export function formatLinkedInPost(
  post: Pick<PublishablePost, "content"> & {
    media: Pick<PublishableMedia, "id" | "name" | "mimeType" | "kind" | "altText">[];
  },
  channel: Pick<PublishTarget, "config">,
): LinkedInPostDraft {
  const config = (channel.config ?? {}) as Record<string, unknown>;
  const author = typeof config.authorUrn === "string" ? config.authorUrn : "";
  const images = post.media.map((m) => ({
    id: m.id,
    name: m.name,
    mimeType: m.mimeType,
    kind: m.kind,
    altText: m.altText?.trim() || null,
  }));
  const firstUrl = images.length === 0 ? firstLink(post.content) : null;
  return {
    author,
    commentary: toLittleCommentary(post.content),
    visibility: "PUBLIC",
    distribution: { feedDistribution: "MAIN_FEED", targetEntities: [], thirdPartyDistributionChannels: [] },
    lifecycleState: "PUBLISHED",
    isReshareDisabledByAuthor: false,
    images,
    articleUrl: firstUrl,
  };
}
