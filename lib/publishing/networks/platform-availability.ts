import type { Platform } from "@/lib/generated/prisma/enums";
import { hasWorkingAdapter } from "@/lib/publishing/networks/get-platform-adapter";

/**
 * How an account of a platform is connected on the Channels page:
 * - form: a form in Cadence (a webhook URL and secret; a Bluesky handle and app password; a sandbox name);
 * - oauth: the person is sent to the network to authorise Cadence (Mastodon: server URL, then the server's page);
 * - settings: set up by the operator in Cadence's settings (none today);
 * - null: not connectable yet.
 */
export type ConnectKind = "form" | "oauth" | "settings" | null;

export type PlatformAvailability = {
  /** Posts can be scheduled to and published on a connected channel of this platform (it has an adapter). */
  canPublish: boolean;
  connect: ConnectKind;
  /** Listed on the Channels page as coming in a later release, not connectable. */
  comingLater: boolean;
};

/** How each platform connects; what can publish comes from the adapters themselves (get-platform-adapter.ts). */
const CONNECT: Record<Platform, ConnectKind> = {
  WEBHOOK: "form",
  SANDBOX: "form",
  BLUESKY: "form",
  MASTODON: "oauth",
  TWITTER: "oauth",
  LINKEDIN: "oauth",
  THREADS: "oauth",
  FACEBOOK: "oauth",
  INSTAGRAM: "oauth",
  TIKTOK: null,
};

/** Whether `platform` can publish today and how its accounts are connected. */
export function platformAvailability(platform: Platform): PlatformAvailability {
  const connect = CONNECT[platform];
  return { canPublish: hasWorkingAdapter(platform), connect, comingLater: connect === null };
}
