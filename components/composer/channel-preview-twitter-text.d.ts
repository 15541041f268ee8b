// Type of the twitter-text 3.1 module the X preview imports on its own (as lib/publishing/rules/twitter-text.d.ts
// does for parseTweet and extractUrlsWithIndices), so the composer's bundle takes only what it uses.
declare module "twitter-text/dist/extractEntitiesWithIndices" {
  import type { EntityWithIndices } from "twitter-text";
  export default function extractEntitiesWithIndices(
    text: string,
    options?: { extractUrlsWithoutProtocol?: boolean },
  ): EntityWithIndices[];
}
