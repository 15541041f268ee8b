import extractUrlsWithIndices from "twitter-text/dist/extractUrlsWithIndices";
import { codePointLength, graphemes, isEmoji, utf8Length } from "@/lib/publishing/rules/text-measures";
import type { PlatformRules } from "@/lib/publishing/rules/types";

/**
 * Threads' length: "Text posts are limited to 500 characters. Emojis are counted as the number of UTF-8 bytes"
 * (https://developers.facebook.com/docs/threads/posts, Limitations). So "🎉" counts 4 and a ZWJ family 25; any
 * other character counts 1 per code point (Meta does not say more; code points never undercount graphemes).
 */
export function threadsLength(text: string): number {
  let length = 0;
  for (const grapheme of graphemes(text))
    length += isEmoji(grapheme) ? utf8Length(grapheme) : codePointLength(grapheme);
  return length;
}

/**
 * Links as Threads counts them: "All unique URLs found in the text field" — with or without a scheme
 * ("www.facebook.com" is one). Detected with twitter-text's URL extractor, compared case-insensitively.
 */
export function threadsLinkCount(text: string): number {
  return new Set(extractUrlsWithIndices(text).map((u) => u.url.toLowerCase())).size;
}

const THREADS_MEDIA = "https://developers.facebook.com/docs/threads/overview#media-specifications";

export const threadsRules: PlatformRules = {
  platform: "THREADS",
  text: [
    {
      id: "length",
      unit: "characters",
      max: 500,
      count: threadsLength,
      source: "https://developers.facebook.com/docs/threads/posts (500 characters; emoji count their UTF-8 bytes)",
    },
  ],
  links: {
    max: 5,
    count: threadsLinkCount,
    source:
      "https://developers.facebook.com/docs/threads/create-posts/text-attachments (more than 5 links fail with " +
      "THREADS_API__LINK_LIMIT_EXCEEDED since 2025-12-22)",
  },
  media: {
    maxItems: 20,
    videoAlone: false,
    gifIsVideo: false,
    required: false,
    source:
      "https://developers.facebook.com/docs/threads/posts#carousel-posts (a carousel holds up to 20 images and videos)",
    image: {
      mimeTypes: ["image/jpeg", "image/png"],
      fitByReencoding: { purpose: "threads-image" },
      maxBytes: 8_000_000,
      aspect: { min: { width: 1, height: 10, label: "1:10" }, max: { width: 10, height: 1, label: "10:1" } },
      source: `${THREADS_MEDIA} (Image: JPEG and PNG, 8 MB maximum, aspect ratio limit 10:1; widths are scaled)`,
    },
    video: {
      mimeTypes: ["video/quicktime", "video/mp4"],
      maxBytes: 1_000_000_000,
      maxDurationMs: 300_000,
      aspect: { min: { width: 1, height: 100, label: "0.01:1" }, max: { width: 10, height: 1, label: "10:1" } },
      source:
        `${THREADS_MEDIA} (Video: MOV or MP4, 1 GB maximum, 300 seconds maximum, aspect ratio between 0.01:1 ` +
        "and 10:1)",
    },
  },
};
