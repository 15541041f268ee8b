import { utf16Length } from "@/lib/publishing/rules/text-measures";
import type { PlatformRules } from "@/lib/publishing/rules/types";

/**
 * TikTok Content Posting API. A video post's `post_info.title` (its caption) is at most 2,200 UTF-16 runes
 * (https://developers.tiktok.com/doc/content-posting-api-reference-direct-post); a photo post's `description` at
 * most 4,000 (https://developers.tiktok.com/doc/content-posting-api-reference-photo-post), with up to 35 photos.
 * Every post needs media: one video, or photos — never both, and GIFs are not photos there.
 */
export const tiktokRules: PlatformRules = {
  platform: "TIKTOK",
  text: [
    {
      id: "length",
      unit: "characters",
      max: (media) => (media.images > 0 && media.videos + media.gifs === 0 ? 4000 : 2200),
      count: utf16Length,
      source:
        "https://developers.tiktok.com/doc/content-posting-api-reference-direct-post (video title: 2,200 UTF-16 " +
        "runes) and .../content-posting-api-reference-photo-post (photo description: 4,000)",
    },
  ],
  media: {
    maxItems: 35,
    videoAlone: true,
    gifIsVideo: true,
    required: true,
    source:
      "https://developers.tiktok.com/doc/content-posting-api-reference-photo-post (up to 35 photos; or one video)",
  },
};
