import { graphemeLength, utf8Length } from "@/lib/publishing/rules/text-measures";
import type { PlatformRules } from "@/lib/publishing/rules/types";

const LEXICON = "https://github.com/bluesky-social/atproto/blob/main/lexicons/app/bsky/feed/post.json";
const EMBED = "https://github.com/bluesky-social/atproto/blob/main/lexicons/app/bsky/embed";

/**
 * Bluesky's image blob cap: `app.bsky.embed.images#image.image.maxSize` 1,000,000 bytes (any `image/*`). Cadence
 * keeps originals up to MEDIA_MAX_IMAGE_BYTES, so a larger image is not refused: the Bluesky adapter publishes a
 * JPEG copy that fits, made once by `ensureMediaVariant({ purpose: BLUESKY_IMAGE_VARIANT.purpose, maxBytes })`.
 */
export const BLUESKY_IMAGE_VARIANT = { purpose: "bluesky-image", maxBytes: 1_000_000 } as const;

/**
 * Bluesky's `app.bsky.feed.post` lexicon: `text` has maxGraphemes 300 and maxLength 3000, and a lexicon string's
 * maxLength counts UTF-8 bytes (https://atproto.com/specs/lexicon#string-formats). Links count in full: the record
 * keeps the whole URL. Media: one embed per post, either app.bsky.embed.images (at most 4) or app.bsky.embed.video
 * (one video; the app posts GIFs as video). Per item: an image over 1,000,000 bytes is published as a re-encoded
 * copy (BLUESKY_IMAGE_VARIANT); a video (or GIF, sent as video) is MP4, MOV or WebM — what the video service
 * (video.bsky.app) transcodes into the lexicon's MP4 blob — at most 100,000,000 bytes (embed/video.json `maxSize`,
 * "May be up to 100mb") and 3 minutes (Bluesky's announcement of 2025-03: videos up to 3 minutes).
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
    image: {
      maxBytes: BLUESKY_IMAGE_VARIANT.maxBytes,
      fitByReencoding: { purpose: BLUESKY_IMAGE_VARIANT.purpose },
      source: `${EMBED}/images.json (image blob maxSize 1000000; fit by a re-encoded copy)`,
    },
    gif: {
      mimeTypes: ["image/gif"],
      maxBytes: 100_000_000,
      maxDurationMs: 180_000,
      source: `${EMBED}/video.json (GIFs go out as video: maxSize 100000000) and https://bsky.social/about/blog (3 minutes)`,
    },
    video: {
      mimeTypes: ["video/mp4", "video/quicktime", "video/webm"],
      maxBytes: 100_000_000,
      maxDurationMs: 180_000,
      source:
        `${EMBED}/video.json (maxSize 100000000) and https://bsky.social/about/blog (videos up to 3 minutes; ` +
        "the video service takes MP4, MOV and WebM)",
    },
  },
};
