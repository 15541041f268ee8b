import { createHash } from "node:crypto";
import { logger } from "@/lib/log";
import { sandboxMetrics } from "@/lib/metrics/sandbox-metrics";
import { formatPostPayload } from "@/lib/publishing/format";
import type { PlatformAdapter, PublishRequest } from "@/lib/publishing/networks/types";

const log = logger("publish:sandbox");

/**
 * Sends nothing: records what would have been sent (logged, and the result gets a `sandbox-…` id; its
 * `sandbox://` url is not stored, since only http(s) links are kept). Used by demo data and for trying Cadence without connecting an account. Repeating it is
 * harmless, so it counts as honouring idempotency keys (the id derives from the key).
 */
export const sandboxAdapter: PlatformAdapter = {
  platform: "SANDBOX",
  supportsIdempotencyKey: true,
  format: formatPostPayload,
  async publish({ post, channel, idempotencyKey }: PublishRequest) {
    const payload = formatPostPayload(post, channel);
    const digest = createHash("sha256").update(idempotencyKey).digest("hex").slice(0, 16);
    const platformPostId = `sandbox-${digest}`;
    log.info({ channelId: channel.id, postId: post.id, platformPostId, payload }, "sandbox publish (nothing sent)");
    return { platformPostId, url: `sandbox://${channel.id}/${platformPostId}` };
  },
  async metrics({ postId, channel, publishedAt, at }) {
    return sandboxMetrics({ postId, channelId: channel.id, ageMs: at.getTime() - publishedAt.getTime() });
  },
};
