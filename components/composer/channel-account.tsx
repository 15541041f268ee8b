"use client";

import { ChannelAvatar } from "@/components/calendar/channel-avatar";
import { PlatformBadge } from "@/components/calendar/platform-badge";
import { useChannels } from "@/components/hooks/use-channels";
import type { Platform } from "@/lib/generated/prisma/enums";

/**
 * Which account a sent post's row is about, as the calendar's hover card and the composer's channel picker show it:
 * the account's avatar (picture, else initials on its calendar colour), the network's badge, the channel's name and
 * the account's handle — so four brands' Bluesky accounts are four different rows, not four "SB" badges. The account
 * comes from GET /api/channels (useChannels, shared with the composer); a channel removed since (or while that list
 * loads) shows the badge and `fallbackName` only.
 */
export function ChannelAccount({
  channelId,
  platform,
  fallbackName,
}: {
  channelId: string;
  platform: Platform;
  /** The name the post or its publication result gives the channel. */
  fallbackName: string;
}) {
  const channels = useChannels();
  const channel = channels.data?.find((c) => c.id === channelId);
  const name = channel?.displayName ?? fallbackName;
  const handle = channel?.accountName && channel.accountName !== channel.displayName ? channel.accountName : null;
  return (
    <span className="composer-result-account">
      {channel ? <ChannelAvatar channel={channel} size={22} decorative /> : null}
      <PlatformBadge platform={platform} displayName={name} />
      <span className="composer-result-name">{name}</span>
      {handle ? <span className="composer-result-handle">{handle}</span> : null}
    </span>
  );
}
