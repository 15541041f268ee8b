import type { Db } from "@/lib/db/prisma";
import type { Prisma } from "@/lib/generated/prisma/client";
import type { Platform } from "@/lib/generated/prisma/enums";
import {
  type SchedulablePost,
  schedulablePostInclude,
  unpublishableChannelProblems,
} from "@/lib/scheduling/check-schedule";
import { EVERGREEN_TAG, type SkipReason } from "@/lib/schemas/evergreen";

const DAY_MS = 86_400_000;

/** Evergreen posts of the workspace (targeting a channel of `platform` if given), with what scheduling needs. */
export async function findEvergreenPosts({
  db,
  workspaceId,
  platform,
}: {
  db: Db | Prisma.TransactionClient;
  workspaceId: string;
  platform?: Platform;
}): Promise<SchedulablePost[]> {
  return db.post.findMany({
    where: {
      workspaceId,
      deletedAt: null,
      tags: { has: EVERGREEN_TAG },
      ...(platform ? { channels: { some: { channel: { platform } } } } : {}),
    },
    include: schedulablePostInclude,
  });
}

/** The channels a rotation would publish to: active ones (of `platform` if given), in the order the API lists them. */
export function rotationChannels(post: SchedulablePost, platform?: Platform) {
  return post.channels
    .map((pc) => pc.channel)
    .filter((c) => c.active && (!platform || c.platform === platform))
    .sort((a, b) => a.displayName.localeCompare(b.displayName) || a.id.localeCompare(b.id));
}

/**
 * Why a rotation passes over this post, or null when it is eligible. In order: already SCHEDULED (its time
 * stands; rotating it again would double it), PUBLISHING, IN_REVIEW (waiting for approval at its time), no active channel (of `platform`), a channel that cannot
 * publish (scheduling would refuse it: no adapter yet, needs reconnecting, disabled), or published less than
 * `minIntervalDays` ago (over-posting).
 */
export function evergreenSkip(
  post: SchedulablePost,
  { now, minIntervalDays, platform }: { now: Date; minIntervalDays: number; platform?: Platform },
): { reason: SkipReason; message: string } | null {
  if (post.status === "SCHEDULED")
    return { reason: "scheduled", message: `already scheduled for ${post.scheduledAt?.toISOString()}` };
  if (post.status === "PUBLISHING") return { reason: "publishing", message: "being published right now" };
  if (post.status === "IN_REVIEW")
    return { reason: "in_review", message: `waiting for approval (for ${post.scheduledAt?.toISOString()})` };
  if (rotationChannels(post, platform).length === 0) {
    const which = platform ? `${platform} channel` : "channel";
    return { reason: "no_active_channel", message: `no active ${which} to publish to` };
  }
  const unpublishable = unpublishableChannelProblems(post.channels.map((pc) => pc.channel));
  if (unpublishable.length > 0) {
    return { reason: "channel_cannot_publish", message: unpublishable.map((p) => p.message).join("; ") };
  }
  const last = post.lastPublishedAt;
  if (last && now.getTime() - last.getTime() < minIntervalDays * DAY_MS) {
    const nextOk = new Date(last.getTime() + minIntervalDays * DAY_MS).toISOString();
    return {
      reason: "published_recently",
      message: `published ${last.toISOString()}, less than ${minIntervalDays} days ago; eligible again from ${nextOk}`,
    };
  }
  return null;
}
