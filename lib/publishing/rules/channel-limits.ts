/**
 * Limits a platform lets each account or server set, kept in a channel's `config.limits` when known (Mastodon's
 * adapter fills them from the server's `GET /api/v2/instance`: `configuration.statuses.max_characters`,
 * `max_media_attachments`, `characters_reserved_per_url` — https://docs.joinmastodon.org/entities/Instance/).
 * Absent, the platform's documented default applies. Every field is an integer within its bounds:
 *
 * - `maxCharacters` (1..1,000,000): replaces the platform's text limit, in the platform's own unit.
 * - `maxMedia` (0..100): replaces the most media items per post.
 * - `charactersPerUrl` (0..10,000): what one link counts where the platform weighs links (Mastodon).
 * - `maxImageBytes`, `maxVideoBytes` (1..100 GB): replace the largest image / video file, in bytes (Mastodon's
 *   `configuration.media_attachments.image_size_limit` / `video_size_limit`).
 * - `maxVideoPixels` (1..1,000,000,000): replaces the most pixels of a video frame (Mastodon's `video_matrix_limit`).
 *
 * This table is the one definition of the shape: `readChannelLimits` reads by it (without zod, so the composer's
 * browser bundle stays small) and channel-limits-schema.ts derives the zod schema from it for the API.
 */
export const CHANNEL_LIMIT_BOUNDS = {
  maxCharacters: { min: 1, max: 1_000_000 },
  maxMedia: { min: 0, max: 100 },
  charactersPerUrl: { min: 0, max: 10_000 },
  maxImageBytes: { min: 1, max: 100_000_000_000 },
  maxVideoBytes: { min: 1, max: 100_000_000_000 },
  maxVideoPixels: { min: 1, max: 1_000_000_000 },
} as const;

export type ChannelLimits = { -readonly [K in keyof typeof CHANNEL_LIMIT_BOUNDS]?: number };

/**
 * The limits in a channel's `config` (`config.limits`), keeping each valid field (an integer within its bounds)
 * and dropping any other: a bad value falls back to the platform's default rather than hiding the good ones.
 * Never throws.
 */
export function readChannelLimits(config: unknown): ChannelLimits {
  const raw = (config as { limits?: unknown } | null | undefined)?.limits;
  if (!raw || typeof raw !== "object") return {};
  const limits: ChannelLimits = {};
  for (const [field, { min, max }] of Object.entries(CHANNEL_LIMIT_BOUNDS)) {
    const value = (raw as Record<string, unknown>)[field];
    if (typeof value === "number" && Number.isInteger(value) && value >= min && value <= max) {
      limits[field as keyof ChannelLimits] = value;
    }
  }
  return limits;
}
