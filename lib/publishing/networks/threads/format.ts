import type { PublishableMedia, PublishablePost } from "@/lib/publishing/networks/types";

/** One media item of a Threads post: an item container (https://developers.facebook.com/docs/threads/posts). */
export type ThreadsItem = {
  /** The library item's id (checkpoints match item containers to items by it). */
  id: string;
  name: string;
  mediaType: "IMAGE" | "VIDEO";
  /** Sent as `alt_text` (https://developers.facebook.com/docs/threads/posts/accessibility); null: none. */
  altText: string | null;
};

/**
 * What Cadence publishes to Threads for one post: `mediaType` of the container that is published (TEXT without
 * media, IMAGE or VIDEO for one item, CAROUSEL for 2–20 items with one item container each), the text (null when a
 * media post has none; Threads makes the first URL in it the link preview) and the items in the post's order.
 */
export type ThreadsPostBody = {
  mediaType: "TEXT" | "IMAGE" | "VIDEO" | "CAROUSEL";
  text: string | null;
  items: ThreadsItem[];
};

/**
 * The Threads post for `post`: text as written (the 500-character and 5-link rules are checked before scheduling:
 * lib/publishing/rules/threads.ts), its library media as IMAGE/VIDEO items with their alt text, one item as a
 * single IMAGE/VIDEO post, several as a CAROUSEL (https://developers.facebook.com/docs/threads/posts#carousel-posts).
 * GIFs go as images (Threads takes JPEG and PNG; the rules refuse other types before it gets here). Pure and
 * browser-safe: the composer's preview can show what it returns.
 */
export function formatThreadsPost(
  post: Pick<PublishablePost, "content"> & { media: Pick<PublishableMedia, "id" | "name" | "kind" | "altText">[] },
): ThreadsPostBody {
  const text = post.content.trim() === "" ? null : post.content;
  const items: ThreadsItem[] = post.media.map((m) => ({
    id: m.id,
    name: m.name,
    mediaType: m.kind === "VIDEO" ? "VIDEO" : "IMAGE",
    altText: m.altText?.trim() ? m.altText.trim() : null,
  }));
  const first = items[0];
  const mediaType = items.length > 1 ? "CAROUSEL" : first ? first.mediaType : "TEXT";
  return { mediaType, text, items };
}

/**
 * The form fields of POST /{threads-user-id}/threads for one container
 * (https://developers.facebook.com/docs/threads/posts, https://developers.facebook.com/docs/threads/posts/accessibility):
 * - an item of a carousel: media_type, image_url or video_url, is_carousel_item=true, alt_text;
 * - a single IMAGE/VIDEO post: the same with is_carousel_item=false and the post's text;
 * - a TEXT post: media_type=TEXT and text;
 * - the CAROUSEL: media_type=CAROUSEL, children (the item container ids, comma-separated, in order) and text.
 */
export function containerFields(
  body: ThreadsPostBody,
  part: { item: ThreadsItem; url: string; carouselItem: boolean } | { children: string[] } | null,
): Record<string, string | undefined> {
  const text = body.text ?? undefined;
  if (part === null) return { media_type: "TEXT", text };
  if ("children" in part) return { media_type: "CAROUSEL", children: part.children.join(","), text };
  const { item, url, carouselItem } = part;
  return {
    media_type: item.mediaType,
    ...(item.mediaType === "VIDEO" ? { video_url: url } : { image_url: url }),
    is_carousel_item: carouselItem ? "true" : "false",
    alt_text: item.altText ?? undefined,
    text: carouselItem ? undefined : text,
  };
}
