import { graphemeLength, utf8Length } from "@/lib/publishing/rules/text-measures";
import type { PlatformRules } from "@/lib/publishing/rules/types";

const LEXICON = "https://github.com/bluesky-social/atproto/blob/main/lexicons/app/bsky/feed/post.json";

/**
 * Bluesky's `app.bsky.feed.post` lexicon: `text` has maxGraphemes 300 and maxLength 3000, and a lexicon string's
 * maxLength counts UTF-8 bytes (https://atproto.com/specs/lexicon#string-formats). Links count in full: the record
 * keeps the whole URL. Media: one embed per post, either app.bsky.embed.images (at most 4) or app.bsky.embed.video
 * (one video; the app posts GIFs as video).
 */
export const blueskyRules: PlatformRules = {
  platform: "BLUESKY",
  text: [
    { id: "length", unit: "characters", max: 300, count: graphemeLength, source: `${LEXICON} (maxGraphemes 300)` },
    { id: "bytes", unit: "UTF-8 bytes", max: 3000, count: utf8Length, source: `${LEXICON} (maxLength 3000)` },
  ],
  media: {
    maxItems: 4,
    videoAlone: true,
    gifIsVideo: true,
    required: false,
    source:
      "https://github.com/bluesky-social/atproto/blob/main/lexicons/app/bsky/embed/images.json (maxLength 4) and " +
      "embed/video.json (one video)",
  },
};
