import { ApiError } from "@/lib/api/errors";
import type { Db } from "@/lib/db/prisma";
import { LIVE_STATUSES } from "@/lib/posting-slots/find-next-free-slot";
import type { QueueEntry, QueueResponse } from "@/lib/schemas/posting-schedule";
import { formatInZone } from "@/lib/time/format-in-zone";
import { listSlotOccurrences } from "@/lib/time/slot-occurrences";

const DAY_MS = 86_400_000;

/**
 * The queue view (GET /api/queue): for the channel `channelId` (or every channel of the workspace), the entries of
 * [now, now + `days` days) ascending — one per instant that is a posting slot occurrence of those channels
 * (listSlotOccurrences in the workspace's zone; `slotChannelIds` says whose) or at which a live post (SCHEDULED,
 * IN_REVIEW, PUBLISHING; not deleted) of those channels is scheduled. Posts at a slot's instant sit in that slot's
 * entry; a post at another ("custom") time gets its own entry with `slot: false`. `atLocal` is the instant in the
 * workspace's zone with its offset.
 * @throws ApiError not_found (404) when `channelId` is not a channel of the workspace (or deleted).
 */
export async function listQueue({
  db,
  workspaceId,
  channelId,
  days,
  now = new Date(),
}: {
  db: Db;
  workspaceId: string;
  channelId?: string;
  days: number;
  now?: Date;
}): Promise<QueueResponse> {
  const workspace = await db.workspace.findUnique({ where: { id: workspaceId }, select: { timezone: true } });
  if (!workspace) throw new ApiError("not_found", "Workspace not found");
  const channels = await db.channel.findMany({
    where: { workspaceId, deletedAt: null, ...(channelId ? { id: channelId } : {}) },
    select: { id: true, postingSlots: { select: { dayOfWeek: true, minuteOfDay: true } } },
  });
  if (channelId && channels.length === 0) throw new ApiError("not_found", `Channel ${channelId} not found`);
  const timezone = workspace.timezone;
  const from = now;
  const to = new Date(now.getTime() + days * DAY_MS);

  const entries = new Map<number, QueueEntry>();
  const entryAt = (ms: number): QueueEntry => {
    let entry = entries.get(ms);
    if (!entry) {
      const at = new Date(ms);
      entry = { at: at.toISOString(), atLocal: formatInZone(at, timezone), slot: false, slotChannelIds: [], posts: [] };
      entries.set(ms, entry);
    }
    return entry;
  };
  for (const channel of channels) {
    for (const { at } of listSlotOccurrences({ slots: channel.postingSlots, timeZone: timezone, from, to })) {
      const entry = entryAt(at.getTime());
      entry.slot = true;
      if (!entry.slotChannelIds.includes(channel.id)) entry.slotChannelIds.push(channel.id);
    }
  }
  const posts = await db.post.findMany({
    where: {
      workspaceId,
      deletedAt: null,
      status: { in: [...LIVE_STATUSES] },
      scheduledAt: { gte: from, lt: to },
      channels: { some: { channelId: { in: channels.map((c) => c.id) } } },
    },
    select: {
      id: true,
      content: true,
      status: true,
      reviewState: true,
      version: true,
      scheduledAt: true,
      channels: { select: { channelId: true }, where: { channel: { deletedAt: null } } },
    },
    orderBy: [{ scheduledAt: "asc" }, { createdAt: "asc" }],
  });
  for (const post of posts) {
    if (!post.scheduledAt) continue;
    entryAt(post.scheduledAt.getTime()).posts.push({
      id: post.id,
      content: post.content,
      status: post.status,
      reviewState: post.reviewState,
      version: post.version,
      scheduledAt: post.scheduledAt.toISOString(),
      channelIds: post.channels.map((c) => c.channelId),
    });
  }
  const sorted = [...entries.entries()].sort(([a], [b]) => a - b).map(([, entry]) => entry);
  return { timezone, from: from.toISOString(), to: to.toISOString(), entries: sorted };
}
