import { ApiError } from "@/lib/api/errors";
import type { Db } from "@/lib/db/prisma";
import type { ImportRow } from "@/lib/imports/parse-post-import";
import { findNextFreeSlot } from "@/lib/posting-slots/find-next-free-slot";
import { assertContentFits } from "@/lib/posts/assert-content-fits";
import { unpublishableChannelProblems } from "@/lib/scheduling/check-schedule";
import { createPostBody } from "@/lib/schemas/posts";
import { parseScheduleTime } from "@/lib/time/parse-schedule-time";
import { scheduleInstantProblem } from "@/lib/time/schedule-instant-problem";

/** The "queue" time: the next free posting slot of the row's channels (README "Queue"). */
export const QUEUE_TIME = "queue";

/** A row that passed every check, ready to write. */
export type PlannedImportPost = {
  row: number;
  content: string;
  channelIds: string[];
  instant: Date;
  zone: string;
  tags: string[];
  mediaUrls: string[];
};

export type CheckedImportRow = {
  row: number;
  text: string;
  channels: string[];
  /** The names of the channels found, in the row's order. */
  channelNames: string[];
  /** The time as read, e.g. "2026-03-29T02:30" or "queue". */
  time: string;
  /** The instant it becomes (ISO, UTC) once read in its zone; null when it cannot be read. */
  scheduledAt: string | null;
  timezone: string;
  tags: string[];
  mediaUrls: string[];
  /** Every problem of the row, each a sentence naming the column; empty when the row would import. */
  problems: string[];
};

type WorkspaceChannel = Parameters<typeof unpublishableChannelProblems>[0][number] & {
  id: string;
  platform: Parameters<typeof assertContentFits>[0]["channels"][number]["platform"];
  displayName: string;
  config: unknown;
};

/**
 * Checks every row with POST /api/posts' own rules and names every problem of each (not only the first):
 * the body schema (createPostBody: tags, media URLs, sizes), channels that are this workspace's (by id or by name,
 * case-insensitive; another workspace's id reads as unknown), the time read as a wall clock in the row's zone (or
 * the workspace's) or an instant with offset (parseScheduleTime: DST gaps refused, overlaps take the earlier
 * instant), a past time (scheduleInstantProblem), content that a channel's platform refuses (assertContentFits,
 * lib/publishing/rules) and channels that cannot publish (unpublishableChannelProblems). A time of "queue" takes the
 * next free posting slot of the row's active channels (findNextFreeSlot, in the workspace's zone, as Add to queue),
 * rows in file order, the instants of the rows before it (timed or queued) on a shared channel counting as taken; a
 * row whose channels have no posting schedule or no free slot gets that refusal as its problem. Media URLs are only
 * checked for form here; they are fetched at import. Reads only (the caller holds the queue lock when it writes).
 */
export async function checkImportRows({
  db,
  workspaceId,
  rows,
  now,
}: {
  db: Db;
  workspaceId: string;
  rows: readonly ImportRow[];
  now: Date;
}): Promise<{ rows: CheckedImportRow[]; planned: PlannedImportPost[] }> {
  const workspace = await db.workspace.findUnique({ where: { id: workspaceId }, select: { timezone: true } });
  if (!workspace) throw new ApiError("not_found", "Workspace not found");
  const channels: WorkspaceChannel[] = await db.channel.findMany({
    where: { workspaceId, deletedAt: null },
    select: { id: true, platform: true, displayName: true, active: true, config: true, needsReconnectReason: true },
  });
  const byId = new Map(channels.map((c) => [c.id, c]));
  const byName = new Map<string, WorkspaceChannel[]>();
  for (const c of channels) {
    const key = c.displayName.trim().toLowerCase();
    byName.set(key, [...(byName.get(key) ?? []), c]);
  }

  const checked: CheckedImportRow[] = [];
  const planned: PlannedImportPost[] = [];
  for (const row of rows) {
    const problems: string[] = [];
    const targets: WorkspaceChannel[] = [];
    if (row.channels.length === 0) problems.push("channels: name at least one channel");
    for (const ref of row.channels) {
      const found = byId.get(ref) ?? byName.get(ref.toLowerCase());
      const list = Array.isArray(found) ? found : found ? [found] : [];
      if (list.length === 0) problems.push(`channels: "${ref}" is not a channel of this workspace`);
      else if (list.length > 1) problems.push(`channels: "${ref}" names ${list.length} channels; use the channel id`);
      else if (!targets.some((t) => t.id === list[0]?.id) && list[0]) targets.push(list[0]);
    }
    const queued = row.time.trim().toLowerCase() === QUEUE_TIME;
    // A queued row's slot is wall clock in the workspace's zone, whatever the row's timezone column says.
    const zone = queued ? workspace.timezone : row.timezone || workspace.timezone;
    let instant: Date | null = null;
    if (row.time === "") problems.push("time: give a time, e.g. 2026-05-01T09:00");
    else if (queued) {
      const active = targets.filter((t) => t.active).map((t) => t.id);
      if (active.length > 0) {
        const alsoTaken = planned.map((p) => ({ at: p.instant, channelIds: p.channelIds }));
        try {
          const slot = await findNextFreeSlot({ db, workspaceId, channelIds: active, alsoTaken, now });
          instant = slot.at;
        } catch (err) {
          if (!(err instanceof ApiError)) throw err;
          problems.push(`time: ${err.message}`);
        }
      }
    } else {
      const parsed = parseScheduleTime(row.time, zone);
      if (!parsed.ok) problems.push(`${parsed.reason === "timezone" ? "timezone" : "time"}: ${parsed.message}`);
      else {
        const problem = scheduleInstantProblem({ instant: parsed.instant, timeZone: zone, now });
        if (problem) problems.push(`time: ${problem.message}`);
        else instant = parsed.instant;
      }
    }
    const body = createPostBody.safeParse({
      content: row.text,
      tags: row.tags,
      mediaUrls: row.mediaUrls,
      channelIds: targets.map((t) => t.id),
    });
    if (!body.success) {
      for (const issue of body.error.issues) problems.push(`${columnOf(issue.path)}: ${issue.message}`);
    }
    if (row.text.trim() === "" && row.mediaUrls.length === 0) problems.push("text: the post is empty");
    if (targets.length > 0) {
      try {
        assertContentFits({ content: row.text, mediaUrls: row.mediaUrls, channels: targets });
      } catch (err) {
        if (!(err instanceof ApiError)) throw err;
        const details = Array.isArray(err.details) ? (err.details as { message: string }[]) : [];
        for (const d of details.length > 0 ? details : [{ message: err.message }]) problems.push(`text: ${d.message}`);
      }
      for (const p of unpublishableChannelProblems(targets)) problems.push(`channels: ${p.message}`);
    }
    checked.push({
      row: row.row,
      text: row.text,
      channels: row.channels,
      channelNames: targets.map((t) => t.displayName),
      time: row.time,
      scheduledAt: instant?.toISOString() ?? null,
      timezone: zone,
      tags: row.tags,
      mediaUrls: row.mediaUrls,
      problems,
    });
    if (problems.length === 0 && instant && body.success) {
      planned.push({
        row: row.row,
        content: row.text,
        channelIds: targets.map((t) => t.id),
        instant,
        zone,
        tags: [...new Set(body.data.tags)],
        mediaUrls: body.data.mediaUrls,
      });
    }
  }
  return { rows: checked, planned };
}

/** A body schema path as the file's column: ["mediaUrls", 0] → "media_urls", ["tags", 2] → "tags". */
function columnOf(path: readonly PropertyKey[]): string {
  const head = String(path[0] ?? "text");
  return head === "mediaUrls" ? "media_urls" : head === "content" ? "text" : head === "channelIds" ? "channels" : head;
}
