import type { Platform } from "@/lib/generated/prisma/enums";
import { readChannelLimits } from "@/lib/publishing/rules/channel-limits";
import { checkContent } from "@/lib/publishing/rules/check-content";
import type { ContentInput, ContentProblem } from "@/lib/publishing/rules/types";

export type ChannelRef = { id: string; platform: Platform; displayName: string; config?: unknown };

/** Whether a post fits one channel, with each broken rule; `ok` is `problems.length === 0`. */
export type ChannelFit = {
  channelId: string;
  platform: Platform;
  displayName: string;
  ok: boolean;
  problems: ContentProblem[];
};

/**
 * `checkContent` for each channel, with that channel's `config.limits` (see channel-limits.ts) in place of the
 * platform's defaults. One entry per channel, in the order given; messages name the platform, not the channel.
 */
export function checkChannelsFit(input: ContentInput, channels: readonly ChannelRef[]): ChannelFit[] {
  return channels.map((channel) => {
    const { problems } = checkContent(channel.platform, input, readChannelLimits(channel.config));
    return {
      channelId: channel.id,
      platform: channel.platform,
      displayName: channel.displayName,
      ok: problems.length === 0,
      problems,
    };
  });
}
