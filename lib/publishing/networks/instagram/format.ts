import type { PublishableMedia } from "@/lib/publishing/networks/types";

// PUBLISHING: https://developers.facebook.com/docs/instagram-platform/content-publishing

/** One item Instagram fetches: a library item as an IMAGE (JPEG) or a VIDEO, with its alt text (images only). */
export type InstagramItem = {
  mediaId: string;
  name: string;
  type: "IMAGE" | "VIDEO";
  mimeType: string;
  /** Sent as `alt_text` on image containers; Reels take none (PUBLISHING, March 24, 2025 note). */
  altText: string | null;
};

/**
 * What Cadence sends to Instagram for one post: `kind` IMAGE (one image), REELS (one video: every single feed video
 * is shared as a reel since July 1, 2023), or CAROUSEL (2–10 items, images and videos mixed, each a child container
 * with `is_carousel_item`); the caption goes on the published container only (the single one, or the carousel's).
 * `problem` says why the post cannot go at all (no media, a GIF, more than 10 items), else null.
 */
export type InstagramPostBody = {
  kind: "IMAGE" | "REELS" | "CAROUSEL";
  caption: string;
  items: InstagramItem[];
  problem: string | null;
};

/** Most items of one carousel (PUBLISHING: "up to 10 images, videos, or a mix"). */
export const MAX_CAROUSEL_ITEMS = 10;

/**
 * The caption as Instagram gets it: the post's text with Windows and old-Mac line breaks made "\n" (Instagram keeps
 * line breaks as written), trailing spaces cut from each line, and leading/trailing blank lines removed. Hashtags and
 * @mentions stay as written: Instagram links them itself. The workspace's tags are labels, never appended.
 */
export function formatInstagramCaption(content: string): string {
  return content
    .replace(/\r\n?/g, "\n")
    .split("\n")
    .map((line) => line.replace(/[ \t]+$/u, ""))
    .join("\n")
    .replace(/^\n+|\n+$/g, "");
}

function itemOf(m: Pick<PublishableMedia, "id" | "name" | "kind" | "mimeType" | "altText">): InstagramItem {
  const type = m.kind === "VIDEO" ? "VIDEO" : "IMAGE";
  const alt = type === "IMAGE" ? (m.altText ?? "").trim() : "";
  return { mediaId: m.id, name: m.name, type, mimeType: m.mimeType, altText: alt || null };
}

/**
 * The Instagram post for `post` (PUBLISHING; https://developers.facebook.com/docs/instagram-platform/instagram-graph-api/reference/ig-user/media):
 * one image → IMAGE, one video → REELS, several → CAROUSEL. Pure and browser-safe (the composer's preview can show it).
 */
export function formatInstagramPost(post: {
  content: string;
  media: Pick<PublishableMedia, "id" | "name" | "kind" | "mimeType" | "altText">[];
  /** Bare media URLs of posts saved before URL import: not sent (only library items are). */
  mediaUrls?: readonly string[];
}): InstagramPostBody {
  const caption = formatInstagramCaption(post.content);
  const items = post.media.map(itemOf);
  const kind = items.length > 1 ? "CAROUSEL" : items[0]?.type === "VIDEO" ? "REELS" : "IMAGE";
  let problem: string | null = null;
  const gif = post.media.findIndex((m) => m.kind === "GIF");
  if (items.length === 0)
    problem =
      (post.mediaUrls?.length ?? 0) > 0
        ? "Instagram needs an image or a video from the media library: this post has only media URLs; import them " +
          "into the library and attach them"
        : "Instagram needs an image or a video: this post has no library media";
  else if (items.length > MAX_CAROUSEL_ITEMS)
    problem = `Instagram carousels hold at most ${MAX_CAROUSEL_ITEMS} items; this post has ${items.length}`;
  else if (gif >= 0)
    problem = `media ${gif + 1} (${post.media[gif]?.name}) is a GIF: Instagram takes JPEG images and videos`;
  return { kind, caption, items, problem };
}
