import { Platform } from "@/lib/generated/prisma/enums";
import type { OAuthNetworkLookup } from "@/lib/oauth/find-oauth-login";
import { oauthNetworkFor } from "@/lib/oauth/networks/get-oauth-network";

/** One OAuth login as the Channels page offers it ("Connect X", "Connect Facebook and Instagram"). */
export type OAuthLoginOption = {
  /** The platform the login is stored under; the connect route's segment is this, lower-cased. */
  login: Platform;
  /** The login's name people know: "X", "Facebook and Instagram". */
  label: string;
  /** The platforms whose channels it creates (Meta's: FACEBOOK and INSTAGRAM). */
  channelPlatforms: Platform[];
  /** The operator set the app credentials (OAuthNetwork.app() is not null). */
  configured: boolean;
  /** The settings holding the app credentials, named when they are missing. */
  settings: string[];
};

/** Every registered OAuth login once (a login creating channels of two platforms is listed once), in enum order. */
export function listOAuthLogins(networkFor: OAuthNetworkLookup = oauthNetworkFor): OAuthLoginOption[] {
  const seen = new Map<Platform, OAuthLoginOption>();
  for (const platform of Object.values(Platform)) {
    const network = networkFor(platform);
    if (!network || seen.has(network.platform)) continue;
    seen.set(network.platform, {
      login: network.platform,
      label: network.label,
      channelPlatforms: [...network.channelPlatforms],
      configured: network.app() !== null,
      settings: [...network.settings],
    });
  }
  return [...seen.values()];
}
