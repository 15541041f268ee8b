import * as z from "zod/mini";

/**
 * Limits a platform lets each account or server set, kept in a channel's `config.limits` when known (Mastodon's
 * adapter fills them from the server's `GET /api/v2/instance`: `configuration.statuses.max_characters`,
 * `max_media_attachments`, `characters_reserved_per_url` — https://docs.joinmastodon.org/entities/Instance/).
 * Absent, the platform's documented default applies. zod/mini keeps this small enough for the composer's bundle.
 *
 * - `maxCharacters`: replaces the platform's text limit (in the platform's own unit), 1..1,000,000.
 * - `maxMedia`: replaces the most media items per post, 0..100.
 * - `charactersPerUrl`: what one link counts, where the platform weighs links (Mastodon), 0..10,000.
 */
export const channelLimitsSchema = z.object({
  maxCharacters: z.optional(z.int().check(z.minimum(1), z.maximum(1_000_000))),
  maxMedia: z.optional(z.int().check(z.minimum(0), z.maximum(100))),
  charactersPerUrl: z.optional(z.int().check(z.minimum(0), z.maximum(10_000))),
});
export type ChannelLimits = z.infer<typeof channelLimitsSchema>;

const FIELDS = ["maxCharacters", "maxMedia", "charactersPerUrl"] as const;

/**
 * The limits in a channel's `config` (`config.limits`), keeping each valid field and dropping any other: a bad
 * value falls back to the platform's default rather than hiding the good ones. Never throws.
 */
export function readChannelLimits(config: unknown): ChannelLimits {
  const raw = (config as { limits?: unknown } | null | undefined)?.limits;
  if (!raw || typeof raw !== "object") return {};
  const limits: ChannelLimits = {};
  for (const field of FIELDS) {
    const parsed = channelLimitsSchema.shape[field].safeParse((raw as Record<string, unknown>)[field]);
    if (parsed.success && parsed.data !== undefined) limits[field] = parsed.data;
  }
  return limits;
}
