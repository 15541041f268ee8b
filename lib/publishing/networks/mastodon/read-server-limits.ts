import type { mastodon } from "masto";
import { type ChannelLimits, readChannelLimits } from "@/lib/publishing/rules/channel-limits";

/**
 * A Mastodon server's own caps from its GET /api/v2/instance `configuration`
 * (https://docs.joinmastodon.org/entities/Instance/#configuration): statuses.max_characters → maxCharacters,
 * statuses.max_media_attachments → maxMedia, statuses.characters_reserved_per_url → charactersPerUrl,
 * media_attachments.image_size_limit → maxImageBytes, video_size_limit → maxVideoBytes, video_matrix_limit →
 * maxVideoPixels; and media_attachments.supported_mime_types. A missing or out-of-bounds figure is left out (the
 * content rules then use Mastodon's default: lib/publishing/rules/mastodon.ts).
 */
export function readServerLimits(instance: Pick<mastodon.v2.Instance, "configuration">): {
  limits: ChannelLimits;
  supportedMimeTypes: string[];
} {
  const configuration = (instance.configuration ?? {}) as Partial<mastodon.v2.Instance["configuration"]>;
  const statuses = (configuration.statuses ?? {}) as Partial<mastodon.v2.Instance["configuration"]["statuses"]>;
  const media = (configuration.mediaAttachments ?? {}) as Partial<
    mastodon.v2.Instance["configuration"]["mediaAttachments"]
  >;
  const limits = readChannelLimits({
    limits: {
      maxCharacters: statuses.maxCharacters,
      maxMedia: statuses.maxMediaAttachments,
      charactersPerUrl: statuses.charactersReservedPerUrl,
      maxImageBytes: media.imageSizeLimit,
      maxVideoBytes: media.videoSizeLimit,
      maxVideoPixels: media.videoMatrixLimit,
    },
  });
  const types = Array.isArray(media.supportedMimeTypes) ? media.supportedMimeTypes : [];
  return { limits, supportedMimeTypes: types.filter((t): t is string => typeof t === "string").slice(0, 100) };
}
