import { ApiError } from "@/lib/api/errors";
import { type ChannelRef, checkChannelsFit } from "@/lib/publishing/rules/check-channels";
import type { ContentInput, ContentProblem } from "@/lib/publishing/rules/types";

/**
 * 422 when any channel's platform would refuse this content (lib/publishing/rules), naming every channel and rule:
 * message "Content does not fit Sky: Bluesky allows 300 characters; …" (each problem names its platform) and one detail per problem,
 * `{ path: "content" | "channelContent.<channelId>" | "media" | "mediaUrls" | "media.N", channelId, platform, rule: "text.length" | "media.max" | …,
 * message }`, where "media.N" (0-based) names the one library item a per-item rule (media.type, media.bytes,
 * media.aspect, media.duration, media.dimensions) refuses.
 * Channels carry their `config`, whose `limits` replace the platform's defaults, and their own text (`content`,
 * PostChannel.content) where the post has one for them: that text is checked instead of `content`, and a problem
 * with it names `channelContent.<channelId>`.
 */
export function assertContentFits({
  content,
  mediaUrls,
  media,
  channels,
}: ContentInput & { channels: readonly ChannelRef[] }) {
  // In the order the post's answer lists channels (by name), so the same problems always read the same way.
  const ordered = [...channels].sort((a, b) => a.displayName.localeCompare(b.displayName) || a.id.localeCompare(b.id));
  const misfits = checkChannelsFit({ content, mediaUrls, media }, ordered).filter((fit) => !fit.ok);
  if (misfits.length === 0) return;
  const details = misfits.flatMap((fit) =>
    fit.problems.map((problem) => ({
      path: problemPath(
        problem,
        ordered.find((c) => c.id === fit.channelId),
      ),
      channelId: fit.channelId,
      platform: fit.platform,
      rule: problem.rule,
      message: `${fit.displayName}: ${problem.message}`,
    })),
  );
  throw new ApiError("unprocessable", `Content does not fit ${details.map((d) => d.message).join("; ")}`, details);
}

function problemPath(problem: ContentProblem, channel: ChannelRef | undefined): string {
  if (problem.item !== undefined) return `media.${problem.item}`;
  if (problem.field === "content" && typeof channel?.content === "string") return `channelContent.${channel.id}`;
  return problem.field;
}
