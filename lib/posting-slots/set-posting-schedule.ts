import type { Db as MongoDb } from "mongodb";
import { ApiError } from "@/lib/api/errors";
import { recordAuditEvent } from "@/lib/audit/record-audit-event";
import type { Db } from "@/lib/db/prisma";
import { getPostingSchedule } from "@/lib/posting-slots/get-posting-schedule";
import type { PostingScheduleResponse, PutPostingScheduleInput } from "@/lib/schemas/posting-schedule";
import { formatMinuteOfDay, parseMinuteOfDay } from "@/lib/time/minute-of-day";

const WEEKDAYS = ["Sun", "Mon", "Tue", "Wed", "Thu", "Fri", "Sat"];

/**
 * Replaces a channel's weekly posting schedule with `input.slots` (each { dayOfWeek 0-6, time "HH:mm" } in the
 * workspace's zone, already checked by putPostingScheduleBody; duplicates merged) in one transaction, recording the
 * audit event "settings.changed" `{ postingSchedule: { from: ["Mon 09:15", …], to: […] } }` with target
 * "channel:<id>" when it changed. Posts already queued keep their times. Answers as getPostingSchedule.
 * @throws ApiError not_found (404) when the channel is not the workspace's (or deleted).
 */
export async function setPostingSchedule({
  db,
  mongo,
  workspaceId,
  channelId,
  input,
  actorUserId,
}: {
  db: Db;
  mongo?: MongoDb;
  workspaceId: string;
  channelId: string;
  input: PutPostingScheduleInput;
  actorUserId: string | null;
}): Promise<PostingScheduleResponse> {
  const wanted = new Map<string, { dayOfWeek: number; minuteOfDay: number }>();
  for (const slot of input.slots) {
    const minuteOfDay = parseMinuteOfDay(slot.time) as number;
    wanted.set(`${slot.dayOfWeek}:${minuteOfDay}`, { dayOfWeek: slot.dayOfWeek, minuteOfDay });
  }
  const label = (s: { dayOfWeek: number; minuteOfDay: number }) =>
    `${WEEKDAYS[s.dayOfWeek]} ${formatMinuteOfDay(s.minuteOfDay)}`;
  const ordered = (list: { dayOfWeek: number; minuteOfDay: number }[]) =>
    [...list].sort((a, b) => a.dayOfWeek - b.dayOfWeek || a.minuteOfDay - b.minuteOfDay).map(label);

  await db.$transaction(async (tx) => {
    // Row lock on the channel: two saves of one schedule apply one after the other, each whole.
    const locked = await tx.$queryRaw<{ id: string }[]>`
      SELECT "id" FROM "Channel" WHERE "id" = ${channelId} AND "workspaceId" = ${workspaceId} AND "deletedAt" IS NULL
      FOR UPDATE`;
    if (locked.length === 0) throw new ApiError("not_found", `Channel ${channelId} not found`);
    const before = await tx.postingSlot.findMany({ where: { channelId, workspaceId } });
    await tx.postingSlot.deleteMany({ where: { channelId, workspaceId } });
    await tx.postingSlot.createMany({
      data: [...wanted.values()].map((s) => ({ workspaceId, channelId, ...s })),
    });
    const [from, to] = [ordered(before), ordered([...wanted.values()])];
    if (from.join() !== to.join()) {
      await recordAuditEvent({
        db: tx,
        workspaceId,
        actorUserId,
        action: "settings.changed",
        target: `channel:${channelId}`,
        details: { postingSchedule: { from, to } },
      });
    }
  });
  return getPostingSchedule({ db, mongo, workspaceId, channelId });
}
