import { createHash } from "node:crypto";
import type { PostMetrics } from "@/lib/publishing/networks/types";

const HOUR_MS = 3_600_000;

/**
 * Plausible, deterministic numbers for a SANDBOX post: a per-post "quality" and audience from a hash of the post
 * and channel ids, engagement growing with age toward a plateau (~90 % reached by 72 h). The same post at the same
 * age always gives the same numbers, so re-running collection or the demo tells the same story.
 */
export function sandboxMetrics({
  postId,
  channelId,
  ageMs,
}: {
  postId: string;
  channelId: string;
  ageMs: number;
}): PostMetrics {
  const digest = createHash("sha256").update(`${postId}/${channelId}`).digest();
  const unit = (i: number) => (digest.readUInt32BE(i * 4) >>> 0) / 4_294_967_296;
  const followers = 2_000 + Math.floor(unit(0) * 8_000);
  const rate = 0.015 + unit(1) * 0.04;
  const grown = 1 - Math.exp(-Math.max(0, ageMs) / (30 * HOUR_MS));
  const reach = Math.round(followers * (0.2 + unit(2) * 0.2) * (0.4 + 0.6 * grown));
  const engagement = reach * rate * grown;
  return {
    impressions: Math.round(reach * 1.35),
    reach,
    likes: Math.round(engagement * 0.7),
    comments: Math.round(engagement * 0.1),
    shares: Math.round(engagement * 0.08),
    saves: Math.round(engagement * 0.07),
    clicks: Math.round(engagement * 0.05),
    followers,
  };
}
