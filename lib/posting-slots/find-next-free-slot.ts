import { ApiError } from "@/lib/api/errors";
import type { Db } from "@/lib/db/prisma";
import { PLATFORM_NAMES } from "@/lib/publishing/platform-names";
import { listSlotOccurrences } from "@/lib/time/slot-occurrences";

/** How far ahead the queue looks for a free slot. */
export const QUEUE_HORIZON_WEEKS = 12;
/** A slot closer than this to now is not offered (the post would be due before anyone could react). */
export const QUEUE_LEAD_MS = 60_000;
const WEEK_MS = 7 * 86_400_000;

/** The statuses of a post that is "in the queue" (live). */
export const LIVE_STATUSES = ["SCHEDULED", "IN_REVIEW", "PUBLISHING"] as const;

/** "Brand A · Bluesky": how the queue names a channel in messages. */
export function queueChannelName(channel: { displayName: string; platform: keyof typeof PLATFORM_NAMES }): string {
  return `${channel.displayName} · ${PLATFORM_NAMES[channel.platform]}`;
}

/**
 * The next free posting slot for a post on `channelIds` (README "Queue"): the candidates are the occurrences of the
 * weekly slots of ANY of these channels (wall clock in the workspace's zone, DST-correct: listSlotOccurrences),
 * later than now + QUEUE_LEAD_MS and within QUEUE_HORIZON_WEEKS; a candidate is free when no other live post
 * (SCHEDULED, IN_REVIEW, PUBLISHING; not deleted; not `excludePostId`) that targets any of these channels is at that
 * instant, and no entry of `alsoTaken` (instants planned by the caller, e.g. earlier rows of a CSV import) sharing a
 * channel with them. Returns the earliest free one, with the channels whose slot it is. Call it under
 * withQueueLock so that no other queue change takes the slot before the caller writes it.
 * @throws ApiError unprocessable (422) naming the channels when none of them has a posting schedule ("Brand A ·
 *   Bluesky has no posting schedule: set one on the Queue page"), or when no slot is free within the horizon.
 */
export async function findNextFreeSlot({
  db,
  workspaceId,
  channelIds,
  excludePostId = null,
  alsoTaken = [],
  now = new Date(),
}: {
  db: Db;
  workspaceId: string;
  channelIds: readonly string[];
  excludePostId?: string | null;
  alsoTaken?: readonly { at: Date; channelIds: readonly string[] }[];
  now?: Date;
}): Promise<{ at: Date; slotChannelIds: string[]; timezone: string }> {
  const workspace = await db.workspace.findUnique({ where: { id: workspaceId }, select: { timezone: true } });
  if (!workspace) throw new ApiError("not_found", "Workspace not found");
  const channels = await db.channel.findMany({
    where: { id: { in: [...channelIds] }, workspaceId, deletedAt: null },
    select: {
      id: true,
      displayName: true,
      platform: true,
      postingSlots: { select: { dayOfWeek: true, minuteOfDay: true } },
    },
    orderBy: { createdAt: "asc" },
  });
  const names = channels.map(queueChannelName).join(", ");
  if (channels.every((c) => c.postingSlots.length === 0)) {
    const verb = channels.length > 1 ? "have" : "has";
    throw new ApiError(
      "unprocessable",
      `${names || "The post's channels"} ${verb} no posting schedule: set one on the Queue page`,
      [
        ...channels.map((c) => ({
          path: "channelIds",
          channelId: c.id,
          message: `${queueChannelName(c)} has no posting schedule`,
        })),
      ],
    );
  }
  const from = new Date(now.getTime() + QUEUE_LEAD_MS + 1);
  const to = new Date(now.getTime() + QUEUE_HORIZON_WEEKS * WEEK_MS);
  const candidates = new Map<number, string[]>();
  for (const channel of channels) {
    for (const { at } of listSlotOccurrences({ slots: channel.postingSlots, timeZone: workspace.timezone, from, to })) {
      const ids = candidates.get(at.getTime()) ?? [];
      if (!ids.includes(channel.id)) ids.push(channel.id);
      candidates.set(at.getTime(), ids);
    }
  }
  const taken = await db.post.findMany({
    where: {
      workspaceId,
      deletedAt: null,
      status: { in: [...LIVE_STATUSES] },
      scheduledAt: { gte: from, lt: to },
      ...(excludePostId ? { id: { not: excludePostId } } : {}),
      channels: { some: { channelId: { in: channels.map((c) => c.id) } } },
    },
    select: { scheduledAt: true },
  });
  const takenMs = new Set(taken.flatMap((p) => (p.scheduledAt ? [p.scheduledAt.getTime()] : [])));
  for (const planned of alsoTaken) {
    if (planned.channelIds.some((id) => channelIds.includes(id))) takenMs.add(planned.at.getTime());
  }
  const free = [...candidates.keys()].filter((ms) => !takenMs.has(ms)).sort((a, b) => a - b)[0];
  if (free === undefined) {
    throw new ApiError(
      "unprocessable",
      `No free posting slot in the next ${QUEUE_HORIZON_WEEKS} weeks for ${names}: add slots on the Queue page`,
      [{ path: "channelIds", message: "every posting slot of these channels is taken" }],
    );
  }
  return { at: new Date(free), slotChannelIds: candidates.get(free) ?? [], timezone: workspace.timezone };
}
