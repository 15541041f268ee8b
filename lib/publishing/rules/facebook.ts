import { utf16Length } from "@/lib/publishing/rules/text-measures";
import type { PlatformRules } from "@/lib/publishing/rules/types";

/**
 * Facebook Pages. Text: 63,206 characters, Facebook's long-standing post limit (Help Center; the Graph API
 * reference for `/{page-id}/feed` `message` states none), counted in UTF-16 code units. Media: photos go in
 * `attached_media` (no documented count), a video is its own post through `/{page-id}/videos`
 * (https://developers.facebook.com/docs/pages-api/posts and /docs/video-api/guides/publishing), so never both.
 */
export const facebookRules: PlatformRules = {
  platform: "FACEBOOK",
  text: [
    {
      id: "length",
      unit: "characters",
      max: 63_206,
      count: utf16Length,
      source: "https://www.facebook.com/help (a post holds up to 63,206 characters)",
    },
  ],
  media: {
    maxItems: null,
    videoAlone: true,
    gifIsVideo: false,
    required: false,
    source: "https://developers.facebook.com/docs/pages-api/posts (photos via attached_media; a video is its own post)",
    image: {
      mimeTypes: ["image/jpeg", "image/bmp", "image/png", "image/gif", "image/tiff"],
      fitByReencoding: { purpose: "facebook-image" },
      maxBytes: 10_000_000,
      source:
        "https://developers.facebook.com/docs/graph-api/photo-uploads (JPEG, BMP, PNG, GIF, TIFF) and " +
        "https://developers.facebook.com/docs/page-stories-api (photo files cannot exceed 10MB)",
    },
    video: {
      maxDurationMs: 240 * 60_000,
      source: "https://www.facebook.com/help/218673814818907 (videos up to 240 minutes long)",
    },
  },
};
