import extractUrlsWithIndices from "twitter-text/dist/extractUrlsWithIndices";
import type { ChannelLimits } from "@/lib/publishing/rules/channel-limits";
import { graphemeLength } from "@/lib/publishing/rules/text-measures";
import type { PlatformRules } from "@/lib/publishing/rules/types";

const DEFAULT_URL_WEIGHT = 23;
// Mastodon's Account::MENTION_RE: @username, optionally @domain; not after "=", "/" or a word character.
const MENTION =
  /(?<![=/\p{L}\p{M}\p{N}_])@([a-z0-9_]+(?:[.-]+[a-z0-9_]+)*)(?:@[\p{L}\p{M}\p{N}_]+(?:[.-]+[\p{L}\p{M}\p{N}_]+)*)?/giu;

/**
 * Length as a Mastodon server counts it (app/validators/status_length_validator.rb, Mastodon 4.x): grapheme
 * clusters, after every URL *with a scheme* becomes 23 characters (twitter-text's extractor with
 * `extract_url_without_protocol: false`; "example.com" counts its letters) and every mention `@user@domain` becomes
 * `@user`; entities that overlap a URL are the URL's. `limits.charactersPerUrl` (the server's
 * `characters_reserved_per_url`) replaces 23. Source: https://github.com/mastodon/mastodon and
 * https://docs.joinmastodon.org/user/posting/#text.
 */
export function mastodonLength(text: string, limits: ChannelLimits = {}): number {
  const urlWeight = limits.charactersPerUrl ?? DEFAULT_URL_WEIGHT;
  const urls = extractUrlsWithIndices(text, { extractUrlsWithoutProtocol: false });
  let length = 0;
  let at = 0;
  for (const { indices } of urls) {
    length += lengthOutsideUrls(text.slice(at, indices[0])) + urlWeight;
    at = indices[1];
  }
  return length + lengthOutsideUrls(text.slice(at));
}

function lengthOutsideUrls(text: string): number {
  return graphemeLength(text.replace(MENTION, (_, user: string) => `@${user}`));
}

const MEDIA_ATTACHMENT =
  "https://github.com/mastodon/mastodon/blob/main/app/models/media_attachment.rb (Mastodon 4.3 defaults)";

/**
 * Mastodon's defaults; a channel's `config.limits` carries the server's own figures where known (channel-limits.ts:
 * maxCharacters, maxMedia, charactersPerUrl, maxImageBytes, maxVideoBytes, maxVideoPixels — the server's
 * `configuration.media_attachments` in GET /api/v2/instance). Images larger than the server's matrix limit are
 * scaled down by the server, not refused, so image pixels are not checked.
 */
export const mastodonRules: PlatformRules = {
  platform: "MASTODON",
  text: [
    {
      id: "length",
      unit: "characters",
      max: 500,
      count: mastodonLength,
      source:
        "mastodon app/validators/status_length_validator.rb (500 by default; the server's " +
        "configuration.statuses.max_characters, https://docs.joinmastodon.org/entities/Instance/)",
    },
  ],
  media: {
    maxItems: 4,
    videoAlone: true,
    gifIsVideo: false,
    required: false,
    source:
      "mastodon app/services/post_status_service.rb validate_media! (at most 4 attachments by default — the " +
      "server's configuration.statuses.max_media_attachments; a video or audio cannot sit beside other media)",
    image: {
      mimeTypes: ["image/jpeg", "image/png", "image/gif", "image/heic", "image/heif", "image/webp", "image/avif"],
      fitByReencoding: { purpose: "mastodon-image" },
      maxBytes: 16 * 1024 * 1024,
      source: `${MEDIA_ATTACHMENT} (IMAGE_MIME_TYPES; IMAGE_LIMIT 16.megabytes, the server's image_size_limit)`,
    },
    video: {
      mimeTypes: ["video/webm", "video/mp4", "video/quicktime"],
      maxBytes: 99 * 1024 * 1024,
      maxPixels: 8_294_400,
      source:
        `${MEDIA_ATTACHMENT} (VIDEO_MIME_TYPES; VIDEO_LIMIT 99.megabytes, the server's video_size_limit; ` +
        "MAX_VIDEO_MATRIX_LIMIT 8_294_400 = 3840×2160, the server's video_matrix_limit)",
    },
  },
};
