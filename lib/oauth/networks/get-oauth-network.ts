import type { Platform } from "@/lib/generated/prisma/enums";
import type { OAuthNetwork } from "@/lib/oauth/networks/types";
import { metaOAuthNetwork } from "@/lib/publishing/networks/facebook/oauth";
import { linkedinOAuthNetwork } from "@/lib/publishing/networks/linkedin/oauth";
import { threadsOAuthNetwork } from "@/lib/publishing/networks/threads/oauth";
import { xOAuthNetwork } from "@/lib/publishing/networks/x/oauth";

/**
 * The OAuth 2.0 logins Cadence connects accounts with, by the platform each is stored under
 * (OAuthAuthorization.platform). A new network is one entry; its implementation lives next to its adapter.
 * Mastodon is not here: each of its servers registers Cadence dynamically (lib/publishing/networks/mastodon).
 */
const NETWORKS: Partial<Record<Platform, OAuthNetwork>> = {
  THREADS: threadsOAuthNetwork,
  LINKEDIN: linkedinOAuthNetwork,
  FACEBOOK: metaOAuthNetwork,
  TWITTER: xOAuthNetwork,
};

/** The login stored under `platform`, or null when that platform has none. */
export function getOAuthNetwork(platform: Platform): OAuthNetwork | null {
  return NETWORKS[platform] ?? null;
}

/** The login that creates channels of `platform` (Meta's FACEBOOK login for INSTAGRAM too), or null. */
export function oauthNetworkFor(platform: Platform): OAuthNetwork | null {
  return Object.values(NETWORKS).find((n) => n?.channelPlatforms.includes(platform)) ?? null;
}
