import type { PublishableMedia, PublishablePost, PublishTarget } from "@/lib/publishing/networks/types";

/** What one Facebook Page post carries (POST /{page-id}/feed, photos first through POST /{page-id}/photos). */
export type FacebookPostBody = {
  /** The post's text as written (Facebook links URLs itself); "" when the post has none. */
  message: string;
  /** The first http(s) URL of the text when the post has no media: Facebook shows it as a link preview. */
  link: string | null;
  /** The library items in the post's order, each sent as an unpublished photo with its alt text. */
  photos: { id: string; name: string; altText: string | null }[];
};

/** The first http(s) URL in `text`, without the punctuation and closing quotes that usually end a sentence. */
export function firstLink(text: string): string | null {
  const match = /https?:\/\/[^\s<>"']+/i.exec(text);
  return match ? match[0].replace(/[.,;:!?)\]}'"»”’›」』。、]+$/u, "") : null;
}

/**
 * The Page post Cadence sends for `post`: its text as `message`; with photos, each photo (attached in order through
 * `attached_media`, with its alt text as `alt_text_custom`); without media, the text's first URL as `link`, which
 * Facebook turns into a link preview (https://developers.facebook.com/docs/pages-api/posts). Pure and browser-safe.
 */
export function formatFacebookPost(
  post: Pick<PublishablePost, "content"> & { media: Pick<PublishableMedia, "id" | "name" | "altText">[] },
  _channel?: Pick<PublishTarget, "config">,
): FacebookPostBody {
  const message = post.content.trim();
  return {
    message,
    link: post.media.length === 0 ? firstLink(message) : null,
    photos: post.media.map((m) => ({ id: m.id, name: m.name, altText: m.altText?.trim() || null })),
  };
}
