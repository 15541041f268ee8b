import type { Platform } from "@/lib/generated/prisma/enums";
import { platformAvailability } from "@/lib/publishing/networks/platform-availability";
import { PLATFORM_NAMES } from "@/lib/publishing/platform-names";

export type ChannelStateName = "connected" | "needs_reconnect" | "disabled";

export type ChannelState = {
  /** disabled: active = false (checked first); needs_reconnect: the network refused its credentials; else connected. */
  state: ChannelStateName;
  /** Why the channel is not connected (the network's reason for needs_reconnect); null when connected. */
  stateReason: string | null;
  /** Posts can be scheduled to it: connected, and its platform has an adapter (platformAvailability). */
  canPublish: boolean;
  /** Why not, naming the channel, e.g. "X main: X (Twitter) can't be published to yet"; null when it can. */
  cannotPublishReason: string | null;
};

/** The state of a channel as the Channels page, the composer and scheduling (422) see it. */
export function channelState(channel: {
  displayName: string;
  platform: Platform;
  active: boolean;
  needsReconnectReason: string | null;
}): ChannelState {
  const { displayName, platform } = channel;
  if (!channel.active) {
    const stateReason = "the channel is disabled";
    return { state: "disabled", stateReason, canPublish: false, cannotPublishReason: `${displayName}: ${stateReason}` };
  }
  if (channel.needsReconnectReason !== null) {
    return {
      state: "needs_reconnect",
      stateReason: channel.needsReconnectReason,
      canPublish: false,
      cannotPublishReason: `${displayName} needs reconnecting: ${channel.needsReconnectReason}`,
    };
  }
  if (!platformAvailability(platform).canPublish) {
    const cannotPublishReason = `${displayName}: ${PLATFORM_NAMES[platform]} can't be published to yet`;
    return { state: "connected", stateReason: null, canPublish: false, cannotPublishReason };
  }
  return { state: "connected", stateReason: null, canPublish: true, cannotPublishReason: null };
}
