import parseTweet from "twitter-text/dist/parseTweet";
import type { PlatformRules } from "@/lib/publishing/rules/types";

/**
 * X's weighted length, computed by X's own library `twitter-text` 3.1 (`parseTweet`, config v3): after NFC, most
 * Latin, Cyrillic and punctuation code points weigh 1, CJK and other code points 2, any emoji sequence 2, and every
 * URL 23 — with or without a scheme ("example.com" is a link for X). Source: https://github.com/twitter/twitter-text
 * (js/src/parseTweet.js, config/v3.json) and https://docs.x.com/fundamentals/counting-characters.
 */
export function xWeightedLength(text: string): number {
  return parseTweet(text).weightedLength;
}

/**
 * True when the text holds a character X refuses (U+FFFE, U+FEFF, U+FFFF, U+202A–U+202E), as `parseTweet` reports
 * it: `valid` false while the length is within 280. An empty text is not "invalid" here (media-only posts are fine).
 */
export function xHasInvalidCharacters(text: string): boolean {
  const parsed = parseTweet(text);
  return !parsed.valid && parsed.weightedLength > 0 && parsed.weightedLength <= 280;
}

const X_MEDIA = "https://docs.x.com/x-api/media/introduction";
const X_BEST_PRACTICES = "https://docs.x.com/x-api/media/quickstart/best-practices";

export const xRules: PlatformRules = {
  platform: "TWITTER",
  text: [
    {
      id: "length",
      unit: "weighted characters",
      max: 280,
      count: xWeightedLength,
      source: "twitter-text 3.1 parseTweet (maxWeightedTweetLength 280, transformedURLLength 23)",
    },
  ],
  media: {
    maxItems: 4,
    videoAlone: true,
    gifIsVideo: true,
    required: false,
    source:
      "https://developer.x.com/en/docs/x-api/v1/media/upload-media/uploading-media/media-best-practices " +
      "(up to 4 photos, or 1 animated GIF, or 1 video; not mixed)",
    image: {
      mimeTypes: ["image/jpeg", "image/png", "image/webp"],
      fitByReencoding: { purpose: "x-image" },
      maxBytes: 5_000_000,
      source: `${X_MEDIA} (Image: 5 MB) and ${X_BEST_PRACTICES} (JPG, PNG, WEBP)`,
    },
    gif: {
      mimeTypes: ["image/gif"],
      maxBytes: 15_000_000,
      source: `${X_MEDIA} (GIF: 15 MB)`,
    },
    video: {
      mimeTypes: ["video/mp4", "video/quicktime"],
      maxBytes: 512_000_000,
      minDurationMs: 500,
      maxDurationMs: 140_000,
      aspect: { min: { width: 1, height: 3, label: "1:3" }, max: { width: 3, height: 1, label: "3:1" } },
      source:
        `${X_MEDIA} (Video: 512 MB) and ${X_BEST_PRACTICES} (MP4 or MOV, 0.5 to 140 seconds, ` +
        "aspect ratio between 1:3 and 3:1)",
    },
  },
};
