import { ApiError } from "@/lib/api/errors";
import { channelState } from "@/lib/channels/channel-state";
import type { Prisma } from "@/lib/generated/prisma/client";
import { assertContentFits } from "@/lib/posts/assert-content-fits";
import { contentMedia, postMediaInclude } from "@/lib/schemas/posts";
import { parseScheduleTime } from "@/lib/time/parse-schedule-time";
import { scheduleInstantProblem } from "@/lib/time/schedule-instant-problem";

/** What scheduling needs to know about a post, loaded in one query. */
export const schedulablePostInclude = {
  workspace: { select: { timezone: true } },
  // Library media: the answer shows them and the content check counts them by their real kind.
  media: postMediaInclude,
  channels: {
    // config: its `limits` replace the platform's defaults in the content check (lib/publishing/rules).
    // needsReconnectReason: a channel that needs reconnecting cannot be scheduled to (channelState).
    include: {
      channel: {
        select: { id: true, platform: true, displayName: true, active: true, config: true, needsReconnectReason: true },
      },
    },
  },
} satisfies Prisma.PostInclude;
export type SchedulablePost = Prisma.PostGetPayload<{ include: typeof schedulablePostInclude }>;

/**
 * Every rule a schedule must pass, shared by schedulePost and the evergreen rotation so both refuse the same
 * things with the same errors: PUBLISHING is 409; a bad time or zone, or a time outside 1970-9999, 400; a DST
 * gap, a past time, no active channel, a channel that cannot publish (its platform has no adapter yet, it needs
 * reconnecting, it is disabled: one detail per channel, unpublishableChannelProblems) or content that a channel's
 * platform would refuse 422. Refusals naming a
 * time name it in the zone and in UTC (lib/time/describe-time). `timezone` defaults to the post's own zone (set when
 * it was scheduled before), else the workspace's. Returns the instant and the zone it was read in.
 */
export function checkSchedule({
  post,
  scheduledAt,
  timezone,
  now,
  publishNow = false,
}: {
  post: SchedulablePost;
  scheduledAt: string;
  timezone?: string;
  now: Date;
  /** Share now: `scheduledAt` is `now` itself, so the "in the past" rule does not apply (every other rule does). */
  publishNow?: boolean;
}): { instant: Date; zone: string } {
  if (post.status === "PUBLISHING") throw new ApiError("conflict", "Post is being published; schedule it afterwards");

  // Without a zone, a wall-clock time is read where the post already lives (a reschedule keeps its zone), else in
  // the workspace's zone.
  const zone = timezone ?? post.timezone ?? post.workspace.timezone;
  const parsed = parseScheduleTime(scheduledAt, zone);
  if (!parsed.ok) {
    const field = parsed.reason === "timezone" ? "timezone" : "scheduledAt";
    const code = parsed.reason === "gap" ? "unprocessable" : "invalid_request";
    throw new ApiError(code, parsed.message, [{ path: field, message: parsed.message }]);
  }
  const problem = scheduleInstantProblem({ instant: parsed.instant, timeZone: zone, now });
  if (problem && !(publishNow && problem.kind === "past")) {
    const code = problem.kind === "past" ? "unprocessable" : "invalid_request";
    throw new ApiError(code, problem.message, [{ path: "scheduledAt", message: problem.message }]);
  }
  // Each channel's own text (PostChannel.content) is what it will be sent, so that is what must fit it.
  const channels = post.channels.map((pc) => ({ ...pc.channel, content: pc.content })).filter((c) => c.active);
  if (channels.length === 0) {
    throw new ApiError("unprocessable", "Post has no active channel to publish to", [
      { path: "channelIds", message: "add at least one active channel" },
    ]);
  }
  // Content first: a platform's rule refusal says what to change whether or not the channel can publish yet.
  assertContentFits({ content: post.content, mediaUrls: post.mediaUrls, media: contentMedia(post.media), channels });
  const unpublishable = unpublishableChannelProblems(post.channels.map((pc) => pc.channel));
  if (unpublishable.length > 0) {
    const message = `Post cannot be scheduled: ${unpublishable.map((p) => p.message).join("; ")}`;
    throw new ApiError("unprocessable", message, unpublishable);
  }
  return { instant: parsed.instant, zone };
}

/**
 * One problem per channel that cannot be published to (lib/channels/channel-state.ts), in the post's channel order:
 * `{ path: "channelIds", channelId, message }`, the message naming the channel and why, e.g. "X main: X (Twitter)
 * can't be published to yet" or "Bluesky @a.test needs reconnecting: the session was revoked". Empty: all can.
 */
export function unpublishableChannelProblems(
  channels: readonly (Parameters<typeof channelState>[0] & { id: string })[],
): { path: "channelIds"; channelId: string; message: string }[] {
  return channels.flatMap((c) => {
    const { cannotPublishReason } = channelState(c);
    return cannotPublishReason ? [{ path: "channelIds" as const, channelId: c.id, message: cannotPublishReason }] : [];
  });
}
