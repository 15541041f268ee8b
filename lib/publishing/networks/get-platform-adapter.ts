import type { Platform } from "@/lib/generated/prisma/enums";
import { blueskyAdapter } from "@/lib/publishing/networks/bluesky/adapter";
import { facebookAdapter } from "@/lib/publishing/networks/facebook/adapter";
import { instagramAdapter } from "@/lib/publishing/networks/instagram/adapter";
import { linkedinAdapter } from "@/lib/publishing/networks/linkedin/adapter";
import { mastodonAdapter } from "@/lib/publishing/networks/mastodon/adapter";
import { notConnectedAdapter } from "@/lib/publishing/networks/not-connected";
import { sandboxAdapter } from "@/lib/publishing/networks/sandbox/adapter";
import { threadsAdapter } from "@/lib/publishing/networks/threads/adapter";
import type { PlatformAdapter } from "@/lib/publishing/networks/types";
import { webhookAdapter } from "@/lib/publishing/networks/webhook/adapter";
import { xAdapter } from "@/lib/publishing/networks/x/adapter";

/**
 * The platforms Cadence publishes to, each with its adapter: the single list of what can publish (scheduling checks
 * it through platformAvailability, lib/publishing/networks/platform-availability.ts). A new network is one entry.
 */
const WORKING: Partial<Record<Platform, PlatformAdapter>> = {
  WEBHOOK: webhookAdapter,
  SANDBOX: sandboxAdapter,
  MASTODON: mastodonAdapter,
  BLUESKY: blueskyAdapter,
  THREADS: threadsAdapter,
  LINKEDIN: linkedinAdapter,
  FACEBOOK: facebookAdapter,
  TWITTER: xAdapter,
  INSTAGRAM: instagramAdapter,
};

export type AdapterLookup = (platform: Platform) => PlatformAdapter;

/** The adapter that publishes to `platform`. Every platform has one; unfinished ones fail as "not connected". */
export function getPlatformAdapter(platform: Platform): PlatformAdapter {
  return WORKING[platform] ?? notConnectedAdapter(platform);
}

/** True when `platform` has a real adapter (an entry in WORKING), so posts can be published to it. */
export function hasWorkingAdapter(platform: Platform): boolean {
  return WORKING[platform] !== undefined;
}

/** True when `platform`'s adapter reports a per-account publishing quota (PlatformAdapter.quota). */
export function reportsPublishingQuota(platform: Platform): boolean {
  return WORKING[platform]?.quota !== undefined;
}
