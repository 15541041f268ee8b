import type { PublishableMedia, PublishablePost, PublishTarget } from "@/lib/publishing/networks/types";

/** What one status carries to a Mastodon server (POST /api/v1/statuses; media go first, to POST /api/v2/media). */
export type MastodonStatusBody = {
  status: string;
  visibility: "public" | "unlisted" | "private" | "direct" | null;
  /** The content warning; null: none. */
  spoilerText: string | null;
  /** ISO 639 code; null: the server detects it. */
  language: string | null;
  /** The library items in the post's order, each uploaded with its alt text as `description`. */
  media: { id: string; name: string; mimeType: string; description: string | null }[];
};

const VISIBILITIES = new Set(["public", "unlisted", "private", "direct"]);

/**
 * The status Cadence sends for `post` on a Mastodon channel: the post's text as written (the server links URLs,
 * mentions and hashtags itself), the channel's `visibility`, `spoilerText` (content warning) and `language` settings
 * when valid (lib/publishing/networks/mastodon/config.ts), and the media with their alt text. Source:
 * https://docs.joinmastodon.org/methods/statuses/#create, https://docs.joinmastodon.org/methods/media/#v2. Pure and
 * browser-safe: the composer's preview shows what it returns.
 */
export function formatMastodonStatus(
  post: Pick<PublishablePost, "content"> & { media: Pick<PublishableMedia, "id" | "name" | "mimeType" | "altText">[] },
  channel: Pick<PublishTarget, "config">,
): MastodonStatusBody {
  const config = (channel.config ?? {}) as Record<string, unknown>;
  const visibility =
    typeof config.visibility === "string" && VISIBILITIES.has(config.visibility) ? config.visibility : null;
  const spoiler = typeof config.spoilerText === "string" ? config.spoilerText.trim() : "";
  const language = typeof config.language === "string" && /^[a-z]{2,3}$/.test(config.language) ? config.language : null;
  return {
    status: post.content,
    visibility: visibility as MastodonStatusBody["visibility"],
    spoilerText: spoiler || null,
    language,
    media: post.media.map((m) => ({ id: m.id, name: m.name, mimeType: m.mimeType, description: m.altText || null })),
  };
}
