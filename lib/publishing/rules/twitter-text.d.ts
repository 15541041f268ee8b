// Types for the two twitter-text 3.1 modules Cadence imports one by one (so a browser bundle takes only what it
// uses, not the whole library). @types/twitter-text describes the package root only; these match its shapes.
declare module "twitter-text/dist/parseTweet" {
  import type { ParsedTweet } from "twitter-text";
  export default function parseTweet(text: string): ParsedTweet;
}

declare module "twitter-text/dist/extractUrlsWithIndices" {
  import type { UrlWithIndices } from "twitter-text";
  export default function extractUrlsWithIndices(
    text: string,
    options?: { extractUrlsWithoutProtocol?: boolean },
  ): UrlWithIndices[];
}
