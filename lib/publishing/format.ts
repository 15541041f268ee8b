import type { PublishablePost, PublishTarget } from "@/lib/publishing/networks/types";

/**
 * The platform-neutral body Cadence sends to webhooks and records for sandbox channels. Tags travel as data,
 * never appended to the text: they are the workspace's own labels (e.g. "evergreen"), not hashtags.
 * Per-platform text rules (hashtags, mentions, link shortening) arrive with each real platform adapter.
 * `post.media` are the library items in order, each `{ url, type, width, height, durationMs, altText }`: `url` a
 * signed public URL of the original (null only where none can be made; the webhook adapter refuses to send then),
 * `type` its MIME type as read from the content.
 */
export function formatPostPayload(post: PublishablePost, channel: PublishTarget) {
  return {
    type: "post.publish" as const,
    post: {
      id: post.id,
      content: post.content,
      mediaUrls: post.mediaUrls,
      media: post.media.map((m) => ({
        url: m.url,
        type: m.mimeType,
        width: m.width,
        height: m.height,
        durationMs: m.durationMs,
        altText: m.altText,
      })),
      tags: post.tags,
      scheduledAt: post.scheduledAt?.toISOString() ?? null,
    },
    channel: { id: channel.id, displayName: channel.displayName, platform: channel.platform },
  };
}

export type PostPayload = ReturnType<typeof formatPostPayload>;
