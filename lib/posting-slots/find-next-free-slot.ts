import { ApiError } from "@/lib/api/errors";
import type { Db } from "@/lib/db/prisma";
import type { Platform } from "@/lib/generated/prisma/enums";
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
export function queueChannelName(channel: { displayName: string; platform: Platform }): string {
  return `${channel.displayName} · ${PLATFORM_NAMES[channel.platform]}`;
}

export type FreeSlot = { at: Date; slotChannelIds: string[]; timezone: string };

/** Free posting slots worked out from one read of the database (loadQueueSlotPlanner). */
export type QueueSlotPlanner = {
  timezone: string;
  /** The earliest free slot for a post on `channelIds` (see findNextFreeSlot for the rule and the 422s). */
  next(channelIds: readonly string[]): FreeSlot;
  /** Counts `at` as taken on `channelIds` from now on (a row planned before the next one). */
  take(at: Date, channelIds: readonly string[]): void;
};

/**
 * Reads what the queue rule needs once — the workspace's zone, the weekly slots of the channels in `scope` (default:
 * all the workspace's channels) and the live posts on them from now + QUEUE_LEAD_MS to QUEUE_HORIZON_WEEKS ahead
 * (except `excludePostId`) — and answers `next` in memory, so a CSV import with thousands of "queue" rows costs three
 * queries, not three per row. `take` records the instants the caller plans, so successive `next` calls skip them.
 */
export async function loadQueueSlotPlanner({
  db,
  workspaceId,
  scope,
  excludePostId = null,
  now = new Date(),
}: {
  db: Db;
  workspaceId: string;
  scope?: readonly string[];
  excludePostId?: string | null;
  now?: Date;
}): Promise<QueueSlotPlanner> {
  const workspace = await db.workspace.findUnique({ where: { id: workspaceId }, select: { timezone: true } });
  if (!workspace) throw new ApiError("not_found", "Workspace not found");
  const timezone = workspace.timezone;
  const channels = await db.channel.findMany({
    where: { workspaceId, deletedAt: null, ...(scope ? { id: { in: [...scope] } } : {}) },
    select: {
      id: true,
      displayName: true,
      platform: true,
      postingSlots: { select: { dayOfWeek: true, minuteOfDay: true } },
    },
  });
  const byId = new Map(channels.map((c) => [c.id, c]));
  const from = new Date(now.getTime() + QUEUE_LEAD_MS + 1);
  const to = new Date(now.getTime() + QUEUE_HORIZON_WEEKS * WEEK_MS);
  const live = await db.post.findMany({
    where: {
      workspaceId,
      deletedAt: null,
      status: { in: [...LIVE_STATUSES] },
      scheduledAt: { gte: from, lt: to },
      ...(excludePostId ? { id: { not: excludePostId } } : {}),
      channels: { some: { channelId: { in: channels.map((c) => c.id) } } },
    },
    select: { scheduledAt: true, channels: { select: { channelId: true } } },
  });
  const taken = new Map<number, Set<string>>();
  const take = (at: Date, channelIds: readonly string[]) => {
    const set = taken.get(at.getTime()) ?? new Set<string>();
    for (const id of channelIds) set.add(id);
    taken.set(at.getTime(), set);
  };
  for (const post of live) {
    if (post.scheduledAt)
      take(
        post.scheduledAt,
        post.channels.map((c) => c.channelId),
      );
  }
  const occurrences = new Map<string, number[]>();
  const occurrencesOf = (channelId: string): number[] => {
    let list = occurrences.get(channelId);
    if (!list) {
      const slots = byId.get(channelId)?.postingSlots ?? [];
      list = listSlotOccurrences({ slots, timeZone: timezone, from, to }).map((o) => o.at.getTime());
      occurrences.set(channelId, list);
    }
    return list;
  };

  return {
    timezone,
    take,
    next(channelIds) {
      const known = [...new Set(channelIds)].flatMap((id) => byId.get(id) ?? []);
      const names = known.map(queueChannelName).join(", ");
      if (known.every((c) => c.postingSlots.length === 0)) {
        const verb = known.length > 1 ? "have" : "has";
        throw new ApiError(
          "unprocessable",
          `${names || "The post's channels"} ${verb} no posting schedule: set one on the Queue page`,
          known.map((c) => ({
            path: "channelIds",
            channelId: c.id,
            message: `${queueChannelName(c)} has no posting schedule`,
          })),
        );
      }
      const candidates = new Map<number, string[]>();
      for (const channel of known) {
        for (const ms of occurrencesOf(channel.id)) candidates.set(ms, [...(candidates.get(ms) ?? []), channel.id]);
      }
      const isFree = (ms: number) => {
        const busy = taken.get(ms);
        return !busy || !known.some((c) => busy.has(c.id));
      };
      const free = [...candidates.keys()].sort((a, b) => a - b).find(isFree);
      if (free === undefined) {
        throw new ApiError(
          "unprocessable",
          `No free posting slot in the next ${QUEUE_HORIZON_WEEKS} weeks for ${names}: add slots on the Queue page`,
          [{ path: "channelIds", message: "every posting slot of these channels is taken" }],
        );
      }
      return { at: new Date(free), slotChannelIds: candidates.get(free) ?? [], timezone };
    },
  };
}

/**
 * The next free posting slot for a post on `channelIds` (README "Queue"): the candidates are the occurrences of the
 * weekly slots of ANY of these channels (wall clock in the workspace's zone, DST-correct: listSlotOccurrences),
 * later than now + QUEUE_LEAD_MS and within QUEUE_HORIZON_WEEKS; a candidate is free when no other live post
 * (SCHEDULED, IN_REVIEW, PUBLISHING; not deleted; not `excludePostId`) that targets any of these channels is at that
 * instant. Returns the earliest free one, with the channels whose slot it is and the zone. Call it under
 * withQueueLock so that no other queue change takes the slot before the caller writes it.
 * @throws ApiError unprocessable (422) naming the channels when none of them has a posting schedule ("Brand A ·
 *   Bluesky has no posting schedule: set one on the Queue page"), or when no slot is free within the horizon.
 */
export async function findNextFreeSlot({
  db,
  workspaceId,
  channelIds,
  excludePostId = null,
  now = new Date(),
}: {
  db: Db;
  workspaceId: string;
  channelIds: readonly string[];
  excludePostId?: string | null;
  now?: Date;
}): Promise<FreeSlot> {
  const planner = await loadQueueSlotPlanner({ db, workspaceId, scope: channelIds, excludePostId, now });
  return planner.next(channelIds);
}
