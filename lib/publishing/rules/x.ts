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
  },
};
