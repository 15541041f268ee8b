import type { Platform } from "@/lib/generated/prisma/enums";
import { PLATFORM_NAMES } from "@/lib/publishing/platform-names";

// Per-platform content rules, counted the way each platform counts. Where a platform's exact algorithm is
// not public or needs a large library, the approximation is written next to the rule.

export type ContentInput = { content: string; mediaUrls: readonly string[] };
export type ChannelRef = { id: string; platform: Platform; displayName: string };
export type ChannelProblem = { channelId: string; platform: Platform; displayName: string; message: string };

type Counter = (text: string) => number;
type Rule = { limit: number; count: Counter; unit: string; media?: "any" | "video"; caption?: boolean };

const segmenter = new Intl.Segmenter("en", { granularity: "grapheme" });
// http(s) links and bare www. links, as the platforms' link detectors see them (trailing punctuation excluded).
const URL_PATTERN = /\b(?:https?:\/\/|www\.)[^\s<>"]*[^\s<>".,:;!?)\]'}]/giu;
const EMOJI = /\p{Extended_Pictographic}|\p{Regional_Indicator}/u;

function graphemes(text: string): string[] {
  return Array.from(segmenter.segment(text), (s) => s.segment);
}

/** Every link counts as `urlLength` characters, the rest by `inner`. */
function withUrls(urlLength: number, inner: Counter): Counter {
  return (text) => {
    const urls = text.match(URL_PATTERN) ?? [];
    return urls.length * urlLength + inner(text.replace(URL_PATTERN, ""));
  };
}

/**
 * twitter-text v3 weighting, after NFC: code points in the Latin-ish ranges (U+0000–U+10FF, U+2000–U+200D,
 * U+2010–U+201F, U+2032–U+2037) weigh 1, every other code point (CJK, Cyrillic-extended, …) weighs 2, an
 * emoji sequence (ZWJ families, flags, skin tones) weighs 2 in total, and a URL weighs 23 whatever its length.
 * Approximation: emoji are detected by Unicode properties rather than twitter-text's emoji regex.
 */
const LIGHT_RANGES: [number, number][] = [
  [0x0000, 0x10ff],
  [0x2000, 0x200d],
  [0x2010, 0x201f],
  [0x2032, 0x2037],
];
export function twitterWeightedLength(text: string): number {
  return withUrls(23, (rest) => {
    let weight = 0;
    for (const grapheme of graphemes(rest)) {
      if (EMOJI.test(grapheme)) {
        weight += 2;
        continue;
      }
      for (const char of grapheme) {
        const cp = char.codePointAt(0) ?? 0;
        weight += LIGHT_RANGES.some(([lo, hi]) => cp >= lo && cp <= hi) ? 1 : 2;
      }
    }
    return weight;
  })(text.normalize("NFC"));
}

/** Bluesky: 300 graphemes (what a person sees as one character). */
export const graphemeLength: Counter = (text) => graphemes(text).length;
/** Mastodon counts graphemes, every URL as 23, and a remote mention `@user@domain` as `@user`. */
export const mastodonLength: Counter = (text) =>
  withUrls(23, graphemeLength)(text.replace(/(@[\w.-]+)@[\w.-]+\.[a-z]{2,}/giu, "$1"));
/** Meta, LinkedIn, TikTok and our own channels: Unicode characters (code points), emoji sequences as their parts. */
export const codePointLength: Counter = (text) => Array.from(text).length;

const RULES: Record<Platform, Rule> = {
  TWITTER: { limit: 280, count: twitterWeightedLength, unit: "weighted characters" },
  THREADS: { limit: 500, count: codePointLength, unit: "characters" },
  BLUESKY: { limit: 300, count: graphemeLength, unit: "characters" },
  MASTODON: { limit: 500, count: mastodonLength, unit: "characters" },
  LINKEDIN: { limit: 3000, count: codePointLength, unit: "characters" },
  FACEBOOK: { limit: 63206, count: codePointLength, unit: "characters" },
  INSTAGRAM: {
    limit: 2200,
    count: codePointLength,
    unit: "characters",
    media: "any",
    caption: true,
  },
  TIKTOK: { limit: 2200, count: codePointLength, unit: "characters", media: "video", caption: true },
  WEBHOOK: { limit: 10000, count: codePointLength, unit: "characters" },
  SANDBOX: { limit: 10000, count: codePointLength, unit: "characters" },
};

export function contentLimit(platform: Platform): { limit: number; unit: string } {
  return { limit: RULES[platform].limit, unit: RULES[platform].unit };
}

/** Length of `content` as `platform` counts it. */
export function measureContent(platform: Platform, content: string): number {
  return RULES[platform].count(content);
}

const IMAGE_EXTENSION = /\.(jpe?g|png|gif|webp|heic|heif|avif|bmp|tiff?)$/i;

/** True unless the URL's path clearly names an image; URLs without an extension are given the benefit of doubt. */
function mayBeVideo(url: string): boolean {
  try {
    return !IMAGE_EXTENSION.test(new URL(url).pathname);
  } catch {
    return false;
  }
}

/** Problems with `input` on one platform, as sentences ready to show; empty when it can be published. */
export function checkContent(platform: Platform, { content, mediaUrls }: ContentInput): string[] {
  const rule = RULES[platform];
  const name = PLATFORM_NAMES[platform];
  const problems: string[] = [];
  const length = rule.count(content);
  if (length > rule.limit) {
    problems.push(
      `${name} allows ${rule.limit} ${rule.unit}; this post has ${length} (${length - rule.limit} too many)`,
    );
  }
  if (!rule.caption && content.trim() === "" && mediaUrls.length === 0) {
    problems.push(`${name} needs text or media; this post has neither`);
  }
  if (rule.media === "any" && mediaUrls.length === 0) problems.push(`${name} needs at least one image or video`);
  if (rule.media === "video" && !mediaUrls.some(mayBeVideo)) problems.push(`${name} needs a video`);
  return problems;
}

/** Every problem of `input` on every channel, each message prefixed with the channel's name. */
export function checkContentForChannels(input: ContentInput, channels: readonly ChannelRef[]): ChannelProblem[] {
  return channels.flatMap((channel) =>
    checkContent(channel.platform, input).map((problem) => ({
      channelId: channel.id,
      platform: channel.platform,
      displayName: channel.displayName,
      message: `${channel.displayName} (${PLATFORM_NAMES[channel.platform]}): ${problem}`,
    })),
  );
}
