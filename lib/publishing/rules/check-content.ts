import type { Platform } from "@/lib/generated/prisma/enums";
import { PLATFORM_NAMES } from "@/lib/publishing/platform-names";
import type { ChannelLimits } from "@/lib/publishing/rules/channel-limits";
import { checkMediaItems } from "@/lib/publishing/rules/check-media-items";
import { type MediaSummary, summarizeMedia } from "@/lib/publishing/rules/media-kind";
import { PLATFORM_RULES } from "@/lib/publishing/rules/platform-rules";
import { countHashtags, countMentions } from "@/lib/publishing/rules/text-measures";
import type { ContentInput, ContentProblem, PlatformRules, TextCount } from "@/lib/publishing/rules/types";
import { xHasInvalidCharacters } from "@/lib/publishing/rules/x";

export type ContentCheck = { counts: TextCount[]; problems: ContentProblem[] };

const plural = (n: number, one: string, many = `${one}s`) => `${n} ${n === 1 ? one : many}`;

/** Each text limit of `rules` with the channel's `maxCharacters` applied to the first, counted on `content`. */
function countText(rules: PlatformRules, content: string, media: MediaSummary, limits: ChannelLimits): TextCount[] {
  return rules.text.map((limit, i) => ({
    id: limit.id,
    unit: limit.unit,
    used: limit.count(content, limits),
    max: i === 0 && limits.maxCharacters !== undefined ? limits.maxCharacters : resolveMax(limit.max, media),
  }));
}

function resolveMax(max: number | ((media: MediaSummary) => number), media: MediaSummary): number {
  return typeof max === "function" ? max(media) : max;
}

/**
 * Checks one post against one platform's rules (lib/publishing/rules/<platform>.ts), with the channel's own
 * limits (`readChannelLimits(channel.config)`) in place of the documented defaults where given. Returns every
 * length as counted (for the composer's counters) and every problem as a sentence naming the platform, e.g.
 * "X (Twitter) allows 280 weighted characters; this post has 284 (4 too many)". Library items (`input.media`) are
 * also checked one by one (type, bytes, aspect ratio, duration, pixels: checkMediaItems); bare `mediaUrls` only
 * count. Pure: runs in the browser too.
 */
export function checkContent(platform: Platform, input: ContentInput, limits: ChannelLimits = {}): ContentCheck {
  const rules = PLATFORM_RULES[platform];
  const name = PLATFORM_NAMES[platform];
  const media = summarizeMedia(input.mediaUrls, input.media);
  const counts = countText(rules, input.content, media, limits);
  const problems: ContentProblem[] = [];
  const text = (rule: ContentProblem["rule"], message: string) => problems.push({ rule, field: "content", message });
  const mediaProblem = (rule: ContentProblem["rule"], message: string) =>
    problems.push({ rule, field: input.media?.length ? "media" : "mediaUrls", message });

  for (const count of counts) {
    if (count.used <= count.max) continue;
    text(
      count.id === "bytes" ? "text.bytes" : "text.length",
      `${name} allows ${count.max} ${count.unit}; this post has ${count.used} (${count.used - count.max} too many)`,
    );
  }
  if (platform === "TWITTER" && xHasInvalidCharacters(input.content)) {
    text("text.invalid", `${name} refuses some characters in this text (U+FFFE, U+FEFF, U+FFFF or U+202A–U+202E)`);
  }
  if (!rules.media.required && input.content.trim() === "" && media.total === 0) {
    text("text.empty", `${name} needs text or media; this post has neither`);
  }
  if (rules.links) {
    const links = rules.links.count(input.content);
    if (links > rules.links.max) {
      text("links.max", `${name} allows ${plural(rules.links.max, "link")}; this post has ${links}`);
    }
  }
  if (rules.hashtags) {
    const tags = countHashtags(input.content);
    if (tags > rules.hashtags.max) {
      text("hashtags.max", `${name} allows ${plural(rules.hashtags.max, "hashtag")}; this post has ${tags}`);
    }
  }
  if (rules.mentions) {
    const mentions = countMentions(input.content);
    if (mentions > rules.mentions.max) {
      text("mentions.max", `${name} allows ${plural(rules.mentions.max, "@mention")}; this post has ${mentions}`);
    }
  }

  if (rules.media.required && media.total === 0) {
    mediaProblem("media.required", `${name} needs at least one image or video`);
  }
  const maxItems = limits.maxMedia ?? rules.media.maxItems;
  if (maxItems !== null && media.total > maxItems) {
    mediaProblem("media.max", `${name} allows ${plural(maxItems, "media item")}; this post has ${media.total}`);
  }
  const videos = media.videos + (rules.media.gifIsVideo ? media.gifs : 0);
  if (rules.media.videoAlone && videos > 0 && media.total > 1) {
    const what = rules.media.gifIsVideo ? "a video or GIF" : "a video";
    mediaProblem(
      "media.video-alone",
      `${name} takes ${what} only on its own; this post has ${media.total} media items`,
    );
  }
  problems.push(...checkMediaItems({ name, rules: rules.media, media: input.media ?? [], limits }));
  return { counts, problems };
}
