import type { Platform } from "@/lib/generated/prisma/enums";
import { formatPostPayload } from "@/lib/publishing/format";
import { type PlatformAdapter, PublishError } from "@/lib/publishing/platforms/types";

const NAMES: Partial<Record<Platform, string>> = {
  INSTAGRAM: "Instagram",
  FACEBOOK: "Facebook",
  TWITTER: "X (Twitter)",
  LINKEDIN: "LinkedIn",
  THREADS: "Threads",
  BLUESKY: "Bluesky",
  MASTODON: "Mastodon",
  TIKTOK: "TikTok",
};

/** Stand-in for a platform whose real adapter is not written yet: fails at once, nothing is sent. */
export function notConnectedAdapter(platform: Platform): PlatformAdapter {
  const name = NAMES[platform] ?? platform;
  return {
    platform,
    supportsIdempotencyKey: false,
    format: formatPostPayload,
    async publish() {
      throw new PublishError("permanent", `${name} is not connected yet: its adapter ships in a later release`);
    },
  };
}
