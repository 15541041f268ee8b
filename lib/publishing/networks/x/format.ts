import extractUrlsWithIndices from "twitter-text/dist/extractUrlsWithIndices";
import type { PublishableMedia, PublishablePost } from "@/lib/publishing/networks/types";

/** What one post carries to X (POST /2/tweets; the media go first, through the chunked upload). */
export type XPostBody = {
  text: string;
  /** The library items in the post's order, each uploaded and given its alt text (POST /2/media/metadata). */
  media: { id: string; name: string; kind: PublishableMedia["kind"]; mimeType: string; altText: string | null }[];
};

/**
 * The post Cadence sends for `post` on an X channel: the text as written (X links URLs, @mentions and #hashtags
 * itself and counts the text with twitter-text: lib/publishing/rules/x.ts) and the media with their alt text.
 * Source: https://docs.x.com/x-api/posts/create-post (text, media.media_ids) and
 * https://docs.x.com/x-api/media/metadata-create (alt_text.text, at most 1,000 characters). Pure and browser-safe.
 */
export function formatXPost(
  post: Pick<PublishablePost, "content"> & {
    media: Pick<PublishableMedia, "id" | "name" | "kind" | "mimeType" | "altText">[];
  },
): XPostBody {
  return {
    text: post.content,
    media: post.media.map((m) => ({
      id: m.id,
      name: m.name,
      kind: m.kind,
      mimeType: m.mimeType,
      altText: m.altText?.trim() ? m.altText.trim().slice(0, X_ALT_TEXT_MAX) : null,
    })),
  };
}

/** Longest alt text X keeps (https://docs.x.com/x-api/media/metadata-create: alt_text.text, max 1000). */
export const X_ALT_TEXT_MAX = 1000;

/** The public address of a post: https://x.com/<username>/status/<id>. */
export function xPostUrl(username: string, postId: string): string {
  return `https://x.com/${encodeURIComponent(username)}/status/${encodeURIComponent(postId)}`;
}

const ENTITIES: Record<string, string> = { amp: "&", lt: "<", gt: ">", quot: '"', apos: "'" };

/** `text` without the links twitter-text finds in it (with or without a scheme: X shortens both to t.co). */
function dropLinks(text: string): string {
  let out = "";
  let at = 0;
  for (const { indices } of extractUrlsWithIndices(text, { extractUrlsWithoutProtocol: true })) {
    out += text.slice(at, indices[0]);
    at = indices[1];
  }
  return out + text.slice(at);
}

/**
 * A post's text reduced for matching what X gave back against what was sent: X returns `text` with &, < and > as
 * HTML entities and every link (and the attached media's link) replaced by a t.co URL, so entities are decoded,
 * every link twitter-text finds is dropped, and whitespace is ignored.
 */
export function xComparableText(text: string): string {
  const decoded = text.replace(/&(amp|lt|gt|quot|apos);/g, (whole, name: string) => ENTITIES[name] ?? whole);
  return dropLinks(decoded)
    .replace(/https?:\/\/\S+/gi, "")
    .replace(/\s+/g, "");
}
