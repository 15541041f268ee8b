import { utf16Length } from "@/lib/publishing/rules/text-measures";
import type { PlatformRules } from "@/lib/publishing/rules/types";

const MEDIA_REFERENCE =
  "https://developers.facebook.com/docs/instagram-platform/instagram-graph-api/reference/ig-user/media";

/**
 * Instagram (Graph API content publishing). Caption: at most 2,200 characters and 20 @ tags (IG User Media
 * reference, `caption`); counted in UTF-16 code units, the strictest reading (an emoji is 2). Hashtags: 5, since
 * Instagram's December 2025 announcement ("Instagram will gradually update the number of hashtags that you can
 * include in a caption for a reel or post to five"); the API reference still says 30 — the lower, current cap wins.
 * Media is required: one image or video, or a carousel of up to 10 images and videos, mixed freely.
 */
export const instagramRules: PlatformRules = {
  platform: "INSTAGRAM",
  text: [{ id: "length", unit: "characters", max: 2200, count: utf16Length, source: `${MEDIA_REFERENCE} (caption)` }],
  hashtags: { max: 5, source: "Instagram's announcement of December 2025 (up to 5 hashtags per post or reel)" },
  mentions: { max: 20, source: `${MEDIA_REFERENCE} (caption: 20 @ tags)` },
  media: {
    maxItems: 10,
    videoAlone: false,
    gifIsVideo: false,
    required: true,
    source:
      "https://developers.facebook.com/docs/instagram-platform/content-publishing (a post needs media; " +
      "carousels hold up to 10 images and videos)",
    image: {
      mimeTypes: ["image/jpeg"],
      fitByReencoding: { purpose: "instagram-image" },
      maxBytes: 8_000_000,
      aspect: { min: { width: 4, height: 5, label: "4:5" }, max: { width: 191, height: 100, label: "1.91:1" } },
      source:
        `${MEDIA_REFERENCE}#image-specifications (JPEG only, 8 MB maximum, aspect ratio within 4:5 to 1.91:1; ` +
        "widths outside 320–1440 are scaled)",
    },
    video: {
      mimeTypes: ["video/quicktime", "video/mp4"],
      maxBytes: 300_000_000,
      minDurationMs: 3_000,
      maxDurationMs: 900_000,
      aspect: { min: { width: 1, height: 100, label: "0.01:1" }, max: { width: 10, height: 1, label: "10:1" } },
      source:
        `${MEDIA_REFERENCE}#reel-specifications (MOV or MP4, 300 MB maximum, 3 seconds to 15 minutes, aspect ` +
        "ratio between 0.01:1 and 10:1)",
    },
  },
};
