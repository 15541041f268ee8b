import type { Db } from "@/lib/db/prisma";
import { rankEvergreen, roundPriority } from "@/lib/evergreen/evergreen-priority";
import { evergreenSkip, findEvergreenPosts } from "@/lib/evergreen/find-evergreen-posts";
import type { Platform } from "@/lib/generated/prisma/enums";
import type { EvergreenLibraryResponse } from "@/lib/schemas/evergreen";
import { formatInZone } from "@/lib/time/format-in-zone";

/**
 * The evergreen library in rotation order (highest priority first): each post's priority, publish history,
 * next scheduled time (UTC and local: in `timezone` if given, else the post's zone, else the workspace's) and why
 * the next rotation would pass over it, if it would.
 */
export async function listEvergreenLibrary({
  db,
  workspaceId,
  platform,
  timezone,
  now = new Date(),
  minIntervalDays,
}: {
  db: Db;
  workspaceId: string;
  platform?: Platform;
  timezone?: string;
  now?: Date;
  minIntervalDays: number;
}): Promise<EvergreenLibraryResponse> {
  const posts = rankEvergreen(await findEvergreenPosts({ db, workspaceId, platform }), now);
  return {
    timezone: timezone ?? null,
    minIntervalDays,
    posts: posts.map((post) => {
      const upcoming = post.status === "SCHEDULED" || post.status === "PUBLISHING" ? post.scheduledAt : null;
      const zone = timezone ?? post.timezone ?? post.workspace.timezone;
      return {
        id: post.id,
        content: post.content,
        status: post.status,
        priority: roundPriority(post.priority),
        publishCount: post.publishCount,
        lastPublishedAt: post.lastPublishedAt?.toISOString() ?? null,
        nextScheduledAt: upcoming?.toISOString() ?? null,
        nextScheduledAtLocal: upcoming ? formatInZone(upcoming, zone) : null,
        createdAt: post.createdAt.toISOString(),
        channels: post.channels
          .map((pc) => pc.channel)
          .sort((a, b) => a.displayName.localeCompare(b.displayName) || a.id.localeCompare(b.id)),
        skipReason: evergreenSkip(post, { now, minIntervalDays, platform })?.reason ?? null,
      };
    }),
  };
}
