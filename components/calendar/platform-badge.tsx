import type { Platform } from "@/lib/generated/prisma/enums";

/** Short marks and names per platform: a small badge reads at calendar density; the name is its label. */
export const PLATFORM_META: Record<Platform, { mark: string; name: string }> = {
  INSTAGRAM: { mark: "IG", name: "Instagram" },
  FACEBOOK: { mark: "f", name: "Facebook" },
  TWITTER: { mark: "X", name: "X (Twitter)" },
  LINKEDIN: { mark: "in", name: "LinkedIn" },
  THREADS: { mark: "@", name: "Threads" },
  BLUESKY: { mark: "bs", name: "Bluesky" },
  MASTODON: { mark: "M", name: "Mastodon" },
  TIKTOK: { mark: "TT", name: "TikTok" },
  WEBHOOK: { mark: "WH", name: "Webhook" },
  SANDBOX: { mark: "SB", name: "Sandbox" },
};

/** A channel's platform as a coloured mark with its name as the accessible label. */
export function PlatformBadge({ platform, displayName }: { platform: Platform; displayName?: string }) {
  const meta = PLATFORM_META[platform];
  const label = displayName ? `${displayName} (${meta.name})` : meta.name;
  return (
    <span className={`cal-platform cal-platform-${platform.toLowerCase()}`} title={label} role="img" aria-label={label}>
      {meta.mark}
    </span>
  );
}
