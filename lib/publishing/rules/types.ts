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
  /** What each library image must be (checked on library items only: a bare URL has no known size or type). */
  image?: MediaItemRules;
  /** What each GIF must be; absent: the `image` rules apply to GIFs too. */
  gif?: MediaItemRules;
  /** What each video must be. */
  video?: MediaItemRules;
};

/** An aspect ratio width:height as the platform documents it: 4:5 is `{ width: 4, height: 5 }`, 1.91:1 is 191:100. */
export type AspectRatio = { width: number; height: number; label: string };

/**
 * What one library item of a kind must be to be accepted, each limit from `source`. Only limits the platform
 * refuses on are here: where it scales an item down itself (Instagram and Threads widths), nothing is checked.
 */
export type MediaItemRules = {
  /** Accepted MIME types, as lib/media reads them from the content ("video/x-m4v" counts as "video/mp4"). */
  mimeTypes?: readonly string[];
  /** Largest file, in bytes (a channel's `maxImageBytes` / `maxVideoBytes` replaces it). */
  maxBytes?: number;
  /**
   * A still image that breaks `maxBytes` or `mimeTypes` is sent as a JPEG copy made at publish time
   * (lib/media/ensure-media-variant.ts, under this `purpose`, made once and kept), so it is never refused for its
   * size or type: a PNG goes to Instagram as a JPEG, a 9 MB photo to X as a smaller one. Only where JPEG is among
   * `mimeTypes` (or none are listed). GIFs and videos are never re-encoded.
   */
  fitByReencoding?: { purpose: string };
  /** width/height must lie within [min, max], both inclusive. */
  aspect?: { min: AspectRatio; max: AspectRatio };
  /** Duration bounds in milliseconds, inclusive (videos). */
  minDurationMs?: number;
  maxDurationMs?: number;
  /** Pixel bounds, inclusive, where the platform refuses rather than resizes. */
  minWidth?: number;
  minHeight?: number;
  maxWidth?: number;
  maxHeight?: number;
  /** Most pixels (width × height); a channel's `maxVideoPixels` replaces it for videos. */
  maxPixels?: number;
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
  | "media.video-alone"
  | "media.type"
  | "media.bytes"
  | "media.aspect"
  | "media.duration"
  | "media.dimensions";

/**
 * One broken rule, as a sentence ready to show. `field` is the input to fix: "content", or for a media rule "media"
 * when the post has library media, else "mediaUrls". `item` is the 0-based place in `media` of the one library item
 * a per-item rule (media.type, .bytes, .aspect, .duration, .dimensions) refuses; its message names it 1-based.
 */
export type ContentProblem = {
  rule: RuleId;
  field: "content" | "media" | "mediaUrls";
  message: string;
  item?: number;
};

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
