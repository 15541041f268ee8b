import { ApiError } from "@/lib/api/errors";
import { recordAuditEvent } from "@/lib/audit/record-audit-event";
import type { Db } from "@/lib/db/prisma";
import type { UpdateWorkspaceInput, WorkspaceSettingsView } from "@/lib/schemas/workspace-settings";
import { followWorkspaceZone } from "@/lib/workspaces/follow-workspace-zone";
import { getWorkspaceSettings } from "@/lib/workspaces/get-workspace-settings";

/**
 * Changes the workspace's settings (PATCH /api/workspace) and records "settings.changed" with each changed field's
 * `{ from, to }`, in one transaction; an unchanged value records nothing.
 *
 * Time zone: posts are stored as instants (`Post.scheduledAt`, timestamptz), so every post keeps its instant. The
 * zone that names a post's local time (`Post.timezone`) follows the workspace's in the same transaction for every
 * post not yet published (any status but PUBLISHING, PUBLISHED and FAILED: DRAFT, SCHEDULED and a post waiting for
 * review) and for every evergreen post (it comes round again), so the composer shows their local time in the new
 * zone. Neither the instant nor `Post.version` changes, so a queued publish job stays valid. Published and failed
 * posts keep the zone they went out (or failed) in: their history. What reads the workspace's zone follows at once:
 * the calendar and composer (the session's workspace), the optimal-time heatmap and suggested times (their default
 * zone), and evergreen rotation (new slots are placed in the new zone).
 *
 * `approvalsRequired` on: posts that members without posts:approve schedule go IN_REVIEW from then on (posts
 * already scheduled stay scheduled); off: posts already IN_REVIEW stay there until decided or withdrawn.
 *
 * `defaultChannelIds` must all be this workspace's channels: others (or unknown ids) are 422 naming them, nothing
 * written. Duplicates are dropped, order kept.
 */
export async function updateWorkspaceSettings({
  db,
  workspaceId,
  actorUserId,
  changes,
}: {
  db: Db;
  workspaceId: string;
  actorUserId: string | null;
  changes: UpdateWorkspaceInput;
}): Promise<WorkspaceSettingsView> {
  return db.$transaction(async (tx) => {
    const before = await getWorkspaceSettings({ db: tx, workspaceId });
    const defaultChannelIds = changes.defaultChannelIds ? [...new Set(changes.defaultChannelIds)] : undefined;
    if (defaultChannelIds) {
      const found = await tx.channel.findMany({
        where: { workspaceId, id: { in: defaultChannelIds } },
        select: { id: true },
      });
      const known = new Set(found.map((c) => c.id));
      const unknown = defaultChannelIds.filter((id) => !known.has(id));
      if (unknown.length > 0)
        throw new ApiError(
          "unprocessable",
          `defaultChannelIds: no such channel in this workspace: ${unknown.join(", ")}`,
          [{ path: "defaultChannelIds", message: `unknown channels: ${unknown.join(", ")}` }],
        );
    }
    const after: WorkspaceSettingsView = {
      ...before,
      ...(changes.name !== undefined ? { name: changes.name } : {}),
      ...(changes.timezone !== undefined ? { timezone: changes.timezone } : {}),
      ...(changes.weekStart !== undefined ? { weekStart: changes.weekStart } : {}),
      ...(defaultChannelIds ? { defaultChannelIds } : {}),
      ...(changes.approvalsRequired !== undefined ? { approvalsRequired: changes.approvalsRequired } : {}),
    };
    const changed: Record<string, { from: unknown; to: unknown }> = {};
    for (const key of ["name", "timezone", "weekStart", "defaultChannelIds", "approvalsRequired"] as const) {
      if (JSON.stringify(before[key]) !== JSON.stringify(after[key]))
        changed[key] = { from: before[key], to: after[key] };
    }
    if (Object.keys(changed).length === 0) return before;
    await tx.workspace.update({
      where: { id: workspaceId },
      data: {
        name: after.name,
        timezone: after.timezone,
        weekStart: after.weekStart === "sunday" ? "SUNDAY" : "MONDAY",
        defaultChannelIds: after.defaultChannelIds,
        approvalsRequired: after.approvalsRequired,
      },
    });
    if (changed.timezone) await followWorkspaceZone({ db: tx, workspaceId, timezone: after.timezone });
    await recordAuditEvent({
      db: tx,
      workspaceId,
      actorUserId,
      action: "settings.changed",
      target: `workspace:${workspaceId}`,
      details: changed as never,
    });
    return after;
  });
}
