import type { Platform } from "@/lib/generated/prisma/enums";
import type { ChannelLimits } from "@/lib/publishing/rules/channel-limits";
import type { MediaSummary } from "@/lib/publishing/rules/media-kind";

/**
 * What one platform accepts, each limit with the page or library it comes from. Everything here is pure and
 * browser-safe: the API's checks and the composer's live counters run the same code.
 */
export type PlatformRules = {
  platform: Platform;
  /** Length limits, all of which must hold; the first is the one a channel's `maxCharacters` replaces. */
  text: TextLimit[];
  /** At most this many links (counted by `countLinks`). */
  links?: { max: number; count: (text: string) => number; source: string };
  /** At most this many #hashtags. */
  hashtags?: { max: number; source: string };
  /** At most this many @mentions. */
  mentions?: { max: number; source: string };
  media: MediaRules;
};

export type TextLimit = {
  /** `length` for the platform's character count, `bytes` for a UTF-8 byte cap. */
  id: "length" | "bytes";
  /** What `count` counts, as shown to people: "characters", "weighted characters", "UTF-8 bytes". */
  unit: string;
  /** The most the platform accepts; may depend on the media (TikTok: video caption vs photo description). */
  max: number | ((media: MediaSummary) => number);
  /** Length of `text` as the platform counts it; `limits` carries per-channel settings (Mastodon's URL weight). */
  count: (text: string, limits: ChannelLimits) => number;
  source: string;
};

export type MediaRules = {
  /** Most items in one post; null where the platform documents no cap. */
  maxItems: number | null;
  /** A video must be the post's only item (X, Mastodon, Bluesky, LinkedIn, Facebook, TikTok). */
  videoAlone: boolean;
  /** An animated GIF counts as a video (X: "1 GIF"; Bluesky and TikTok take GIFs as video). */
  gifIsVideo: boolean;
  /** The platform refuses a post without media (Instagram, TikTok). */
  required: boolean;
  source: string;
};

/** Which rule a problem breaks: stable ids for the API's 422 details and for tests. */
export type RuleId =
  | "text.length"
  | "text.bytes"
  | "text.invalid"
  | "text.empty"
  | "links.max"
  | "hashtags.max"
  | "mentions.max"
  | "media.required"
  | "media.max"
  | "media.video-alone";

/**
 * One broken rule, as a sentence ready to show. `field` is the input to fix: "content", or for a media rule "media"
 * when the post has library media, else "mediaUrls".
 */
export type ContentProblem = { rule: RuleId; field: "content" | "media" | "mediaUrls"; message: string };

/** One length the platform counts, for the composer's counters. */
export type TextCount = { id: TextLimit["id"]; unit: string; used: number; max: number };

/**
 * A library media item as the rules see it, all read from the content at upload (lib/media), never from a name:
 * `kind`, `mimeType` (e.g. "image/jpeg"), `bytes` of the stored original, `width`/`height` in pixels (after
 * auto-orientation), `durationMs` for videos (null or absent for images).
 */
export type ContentMedia = {
  kind: "IMAGE" | "GIF" | "VIDEO";
  mimeType: string;
  bytes: number;
  width: number;
  height: number;
  durationMs?: number | null;
};

/**
 * A post's text and media: `mediaUrls` (kind judged by file extension) and `media`, library items with their real
 * kind; both count towards the platform's media rules.
 */
export type ContentInput = { content: string; mediaUrls: readonly string[]; media?: readonly ContentMedia[] };
