import { utf16Length } from "@/lib/publishing/rules/text-measures";
import type { PlatformRules } from "@/lib/publishing/rules/types";

/**
 * TikTok Content Posting API. A video post's `post_info.title` (its caption) is at most 2,200 UTF-16 runes
 * (https://developers.tiktok.com/doc/content-posting-api-reference-direct-post); a photo post's `description` at
 * most 4,000 (https://developers.tiktok.com/doc/content-posting-api-reference-photo-post), with up to 35 photos.
 * Every post needs media: one video, or photos — never both, and GIFs are not photos there.
 */
const TRANSFER_GUIDE = "https://developers.tiktok.com/doc/content-posting-api-media-transfer-guide";

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
    image: {
      mimeTypes: ["image/jpeg", "image/webp"],
      fitByReencoding: { purpose: "tiktok-image" },
      maxBytes: 20_000_000,
      source: `${TRANSFER_GUIDE} (Image restrictions: WebP or JPEG, 20MB each)`,
    },
    video: {
      mimeTypes: ["video/mp4", "video/webm", "video/quicktime"],
      maxBytes: 4_000_000_000,
      maxDurationMs: 600_000,
      minWidth: 360,
      minHeight: 360,
      maxWidth: 4096,
      maxHeight: 4096,
      source:
        `${TRANSFER_GUIDE} (Video restrictions: MP4, WebM or MOV; 360 to 4096 pixels high and wide; 4GB; ` +
        "at most 10 minutes through the API)",
    },
  },
};
