import { ApiError } from "@/lib/api/errors";
import { type ChannelRef, type ContentInput, checkContentForChannels } from "@/lib/publishing/limits";

/** 422 naming every channel whose platform would refuse this content, with one message per problem. */
export function assertContentFits({
  content,
  mediaUrls,
  channels,
}: ContentInput & { channels: readonly ChannelRef[] }) {
  const problems = checkContentForChannels({ content, mediaUrls }, channels);
  if (problems.length === 0) return;
  const names = [...new Set(problems.map((p) => p.displayName))].join(", ");
  throw new ApiError(
    "unprocessable",
    `Content does not fit ${names}: ${problems.map((p) => p.message).join("; ")}`,
    problems.map((p) => ({ path: "content", channelId: p.channelId, platform: p.platform, message: p.message })),
  );
}
