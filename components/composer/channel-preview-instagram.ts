import { formatInstagramPost, type InstagramPostBody } from "@/lib/publishing/networks/instagram/format";
import { instagramRules } from "@/lib/publishing/rules/instagram";
import { countHashtags } from "@/lib/publishing/rules/text-measures";

/** What one Instagram channel's preview shows: the adapter's body (formatInstagramPost) and its caption's counts. */
export type InstagramPreview = InstagramPostBody & {
  /** Hashtags in the caption, counted as the rules count them (countHashtags), and the most Instagram takes. */
  hashtags: number;
  maxHashtags: number;
};

/**
 * The preview of `post` on an Instagram channel: formatInstagramPost (caption; IMAGE for one image, REELS for one
 * video, CAROUSEL for 2–10 items; `problem` when the post cannot go at all: no library media, a GIF, over 10
 * items) and the caption's hashtags against Instagram's cap (lib/publishing/rules/instagram.ts, which cites it).
 * Pure.
 */
export function previewInstagramPost(post: Parameters<typeof formatInstagramPost>[0]): InstagramPreview {
  const body = formatInstagramPost(post);
  return { ...body, hashtags: countHashtags(body.caption), maxHashtags: instagramRules.hashtags?.max ?? 5 };
}
