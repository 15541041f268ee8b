import type { Platform } from "@/lib/generated/prisma/enums";
import { blueskyAdapter } from "@/lib/publishing/networks/bluesky/adapter";
import { notConnectedAdapter } from "@/lib/publishing/networks/not-connected";
import { sandboxAdapter } from "@/lib/publishing/networks/sandbox/adapter";
import type { PlatformAdapter } from "@/lib/publishing/networks/types";
import { webhookAdapter } from "@/lib/publishing/networks/webhook/adapter";

const WORKING: Partial<Record<Platform, PlatformAdapter>> = {
  WEBHOOK: webhookAdapter,
  SANDBOX: sandboxAdapter,
  BLUESKY: blueskyAdapter,
};

export type AdapterLookup = (platform: Platform) => PlatformAdapter;

/** The adapter that publishes to `platform`. Every platform has one; unfinished ones fail as "not connected". */
export function getPlatformAdapter(platform: Platform): PlatformAdapter {
  return WORKING[platform] ?? notConnectedAdapter(platform);
}
