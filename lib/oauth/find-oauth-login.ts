import { ApiError } from "@/lib/api/errors";
import { Platform } from "@/lib/generated/prisma/enums";
import { oauthNetworkFor } from "@/lib/oauth/networks/get-oauth-network";
import type { OAuthNetwork } from "@/lib/oauth/networks/types";

/** Finds the login that creates channels of a platform: the registry's oauthNetworkFor, or a test's own. */
export type OAuthNetworkLookup = (platform: Platform) => OAuthNetwork | null;

/**
 * The OAuth login behind the `platform` path segment of /api/channels/connect/<platform> (the Platform enum name,
 * any case: "twitter", "facebook"; "instagram" finds Meta's FACEBOOK login, which creates Instagram channels too).
 * Throws ApiError 404 naming the segment when it is no platform, or its platform has no OAuth login in the registry
 * (lib/oauth/networks/get-oauth-network.ts) — Bluesky and Mastodon have their own routes.
 */
export function findOAuthLogin(segment: string, networkFor: OAuthNetworkLookup = oauthNetworkFor): OAuthNetwork {
  const name = segment.toUpperCase();
  const platform = (Object.values(Platform) as string[]).includes(name) ? (name as Platform) : null;
  const network = platform ? networkFor(platform) : null;
  if (!network) {
    throw new ApiError("not_found", `"${segment}" is not a platform Cadence connects by an OAuth login`);
  }
  return network;
}
