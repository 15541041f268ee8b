import type { Platform } from "@/lib/generated/prisma/enums";
import { PLATFORM_NAMES } from "@/lib/publishing/platform-names";

/** Short marks per platform: a small badge reads at calendar density; the name (PLATFORM_NAMES) is its label. */
const MARKS: Record<Platform, string> = {
  INSTAGRAM: "IG",
  FACEBOOK: "f",
  TWITTER: "X",
  LINKEDIN: "in",
  THREADS: "@",
  BLUESKY: "bs",
  MASTODON: "M",
  TIKTOK: "TT",
  WEBHOOK: "WH",
  SANDBOX: "SB",
};

/** A channel's platform as a coloured mark with its name as the accessible label. */
export function PlatformBadge({ platform, displayName }: { platform: Platform; displayName?: string }) {
  const name = PLATFORM_NAMES[platform];
  const label = displayName ? `${displayName} (${name})` : name;
  return (
    <span className={`cal-platform cal-platform-${platform.toLowerCase()}`} title={label} role="img" aria-label={label}>
      {MARKS[platform]}
    </span>
  );
}
