import { z } from "zod";
import { CHANNEL_LIMIT_BOUNDS, type ChannelLimits } from "@/lib/publishing/rules/channel-limits";

const bounded = ({ min, max }: { min: number; max: number }) => z.number().int().min(min).max(max).optional();

/**
 * zod schema of a channel's `config.limits` (see channel-limits.ts for what each field means), derived from
 * CHANNEL_LIMIT_BOUNDS so the API's validation and `readChannelLimits` cannot drift apart. Server side only.
 */
export const channelLimitsSchema = z.strictObject({
  maxCharacters: bounded(CHANNEL_LIMIT_BOUNDS.maxCharacters),
  maxMedia: bounded(CHANNEL_LIMIT_BOUNDS.maxMedia),
  charactersPerUrl: bounded(CHANNEL_LIMIT_BOUNDS.charactersPerUrl),
  maxImageBytes: bounded(CHANNEL_LIMIT_BOUNDS.maxImageBytes),
  maxVideoBytes: bounded(CHANNEL_LIMIT_BOUNDS.maxVideoBytes),
  maxVideoPixels: bounded(CHANNEL_LIMIT_BOUNDS.maxVideoPixels),
}) satisfies z.ZodType<ChannelLimits>;
