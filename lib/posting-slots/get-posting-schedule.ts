import type { Db as MongoDb } from "mongodb";
import { ApiError } from "@/lib/api/errors";
import type { Db } from "@/lib/db/prisma";
import { getOptimalTimes } from "@/lib/optimal-times/optimal-times";
import type { PostingScheduleResponse, PostingSlotView } from "@/lib/schemas/posting-schedule";
import { formatMinuteOfDay } from "@/lib/time/minute-of-day";

/** How many slots the proposal offers, and how many of them on one day. */
const PROPOSAL_SLOTS = 7;
const PROPOSAL_PER_DAY = 2;

/** Sorts slots by dayOfWeek (0 = Sunday first), then time. */
export function sortSlotViews(slots: PostingSlotView[]): PostingSlotView[] {
  return slots.sort((a, b) => a.dayOfWeek - b.dayOfWeek || a.time.localeCompare(b.time));
}

/**
 * A channel's weekly posting schedule (README "Queue"): its slots as "HH:mm" wall clock in the workspace's zone,
 * sorted by (dayOfWeek, time), and a proposal from the optimal-time calculator (getOptimalTimes for the channel's
 * platform over its default window: the workspace's own best hours, or the documented per-platform defaults when it
 * has too few measured posts): the best slots in rank order, at most 7 and at most 2 on one day, as "HH:00".
 * @throws ApiError not_found (404) when the channel is not the workspace's (or deleted).
 */
export async function getPostingSchedule({
  db,
  mongo,
  workspaceId,
  channelId,
}: {
  db: Db;
  mongo?: MongoDb;
  workspaceId: string;
  channelId: string;
}): Promise<PostingScheduleResponse> {
  const channel = await db.channel.findFirst({
    where: { id: channelId, workspaceId, deletedAt: null },
    select: { id: true, platform: true, workspace: { select: { timezone: true } } },
  });
  if (!channel) throw new ApiError("not_found", `Channel ${channelId} not found`);
  const timezone = channel.workspace.timezone;
  const rows = await db.postingSlot.findMany({ where: { channelId, workspaceId } });
  const optimal = await getOptimalTimes({ db, mongo, workspaceId, platform: channel.platform, timezone });
  const perDay = new Map<number, number>();
  const proposal: PostingSlotView[] = [];
  for (const slot of optimal.slots) {
    if (proposal.length >= PROPOSAL_SLOTS) break;
    const onDay = perDay.get(slot.dayOfWeek) ?? 0;
    if (onDay >= PROPOSAL_PER_DAY) continue;
    perDay.set(slot.dayOfWeek, onDay + 1);
    proposal.push({ dayOfWeek: slot.dayOfWeek, time: formatMinuteOfDay(slot.hour * 60) });
  }
  return {
    channelId: channel.id,
    timezone,
    slots: sortSlotViews(rows.map((r) => ({ dayOfWeek: r.dayOfWeek, time: formatMinuteOfDay(r.minuteOfDay) }))),
    proposal: { basedOnPosts: optimal.basedOnPosts, fallback: optimal.fallback, slots: sortSlotViews(proposal) },
  };
}
