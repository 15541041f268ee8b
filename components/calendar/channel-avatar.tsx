"use client";

import { useState } from "react";
import type { Platform } from "@/lib/generated/prisma/enums";
import { PLATFORM_NAMES } from "@/lib/publishing/platform-names";

export type AvatarChannel = {
  platform: Platform;
  displayName: string;
  accountName: string | null;
  avatarUrl: string | null;
  color: string;
};

/** "Brand A · @brand.a (Instagram)": which account, not only which network. */
export function accountLabelOf(channel: AvatarChannel): string {
  const account = channel.accountName && channel.accountName !== channel.displayName ? ` · ${channel.accountName}` : "";
  return `${channel.displayName}${account} (${PLATFORM_NAMES[channel.platform]})`;
}

/** Up to two letters of a channel's name for its avatar: "Brand A" → "BA", "acme" → "A". */
export function initialsOf(name: string): string {
  const words = name.trim().split(/\s+/u).filter(Boolean);
  const letters = words.length > 1 ? [words[0], words[1]] : [words[0] ?? "?"];
  return letters.map((w) => [...(w ?? "?")][0]?.toUpperCase() ?? "?").join("");
}

/**
 * A channel's account as a small round avatar ringed in its calendar colour: the network's picture when it loads,
 * else the name's initials on that colour (the page's CSP allows only this site's images, so most networks' avatar
 * URLs fall back). Labelled with accountLabelOf, so a screen reader hears the account, not "SB".
 */
export function ChannelAvatar({
  channel,
  size = 16,
  decorative = false,
}: {
  channel: AvatarChannel;
  size?: number;
  /** When the account is named in text right beside it. */
  decorative?: boolean;
}) {
  const [failed, setFailed] = useState(false);
  const label = accountLabelOf(channel);
  const a11y = decorative ? { "aria-hidden": true } : { role: "img", "aria-label": label, title: label };
  return (
    <span
      className="cal-avatar"
      data-channel-name={channel.displayName}
      style={{ "--avatar-color": channel.color, width: size, height: size } as React.CSSProperties}
      {...a11y}
    >
      {channel.avatarUrl && !failed ? (
        // biome-ignore lint/performance/noImgElement: a tiny remote avatar; next/image would proxy it
        <img
          src={channel.avatarUrl}
          alt=""
          width={size}
          height={size}
          onError={() => setFailed(true)}
          draggable={false}
        />
      ) : (
        <span className="cal-avatar-initials" style={{ fontSize: Math.max(8, Math.round(size * 0.45)) }}>
          {initialsOf(channel.displayName)}
        </span>
      )}
    </span>
  );
}
