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
  },
};
