import type { PublishablePost, PublishTarget } from "@/lib/publishing/networks/types";

/**
 * The platform-neutral body Cadence sends to webhooks and records for sandbox channels. Tags travel as data,
 * never appended to the text: they are the workspace's own labels (e.g. "evergreen"), not hashtags.
 * Per-platform text rules (hashtags, mentions, link shortening) arrive with each real platform adapter.
 */
export function formatPostPayload(post: PublishablePost, channel: PublishTarget) {
  return {
    type: "post.publish" as const,
    post: {
      id: post.id,
      content: post.content,
      mediaUrls: post.mediaUrls,
      tags: post.tags,
      scheduledAt: post.scheduledAt?.toISOString() ?? null,
    },
    channel: { id: channel.id, displayName: channel.displayName, platform: channel.platform },
  };
}

export type PostPayload = ReturnType<typeof formatPostPayload>;
