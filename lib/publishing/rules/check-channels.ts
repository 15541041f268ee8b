import type { Platform } from "@/lib/generated/prisma/enums";
import { readChannelLimits } from "@/lib/publishing/rules/channel-limits";
import { checkContent } from "@/lib/publishing/rules/check-content";
import type { ContentInput, ContentProblem } from "@/lib/publishing/rules/types";

/** A channel to check; `content`, when a string, is the post's own text for it (PostChannel.content). */
export type ChannelRef = {
  id: string;
  platform: Platform;
  displayName: string;
  config?: unknown;
  content?: string | null;
};

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
 * platform's defaults, and with the channel's own text (`channel.content`, when not null/undefined) in place of
 * `input.content`. One entry per channel, in the order given; messages name the platform, not the channel.
 */
export function checkChannelsFit(input: ContentInput, channels: readonly ChannelRef[]): ChannelFit[] {
  return channels.map((channel) => {
    const { problems } = checkContent(
      channel.platform,
      { ...input, content: channel.content ?? input.content },
      readChannelLimits(channel.config),
    );
    return {
      channelId: channel.id,
      platform: channel.platform,
      displayName: channel.displayName,
      ok: problems.length === 0,
      problems,
    };
  });
}
