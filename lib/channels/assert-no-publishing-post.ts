import { ApiError } from "@/lib/api/errors";
import type { Db } from "@/lib/db/prisma";
import { inFlightConflict, isInFlight } from "@/lib/publishing/in-flight-conflict";

/**
 * Refuses (409) to delete or deactivate a channel while a post targeting it is PUBLISHING: with a request in
 * flight, details.retryAfterMs says when to try again; waiting for a retry, the post can be unscheduled first.
 */
export async function assertNoPublishingPost({
  db,
  workspaceId,
  channelId,
  now,
  action,
}: {
  db: Db;
  workspaceId: string;
  channelId: string;
  now: Date;
  action: string;
}): Promise<void> {
  const publishing = await db.post.findMany({
    where: { workspaceId, deletedAt: null, status: "PUBLISHING", channels: { some: { channelId } } },
    select: { id: true, status: true, leaseUntil: true },
    orderBy: { leaseUntil: { sort: "desc", nulls: "last" } },
  });
  const inFlight = publishing.find((p) => isInFlight(p, now));
  if (inFlight) throw inFlightConflict(inFlight, now, `${action} the channel`);
  if (publishing.length > 0) {
    const ids = publishing.map((p) => p.id);
    throw new ApiError(
      "conflict",
      `Post(s) ${ids.join(", ")} wait for a retry on this channel; unschedule them (their remaining channels are ` +
        `cancelled) or ${action} the channel after they finish`,
      { status: "PUBLISHING", postIds: ids },
    );
  }
}
