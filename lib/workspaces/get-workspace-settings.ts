import { ApiError } from "@/lib/api/errors";
import type { Db } from "@/lib/db/prisma";
import type { WorkspaceSettingsView } from "@/lib/schemas/workspace-settings";

/**
 * Settings → Workspace: name, IANA time zone, week start ("monday" | "sunday") and the composer's default channels
 * (only channels that still exist in the workspace, in the order chosen), and whether Editors' posts need approval. Unknown workspace: 404.
 */
export async function getWorkspaceSettings({
  db,
  workspaceId,
}: {
  db: Pick<Db, "workspace" | "channel">;
  workspaceId: string;
}): Promise<WorkspaceSettingsView> {
  const row = await db.workspace.findUnique({
    where: { id: workspaceId },
    select: { id: true, name: true, timezone: true, weekStart: true, defaultChannelIds: true, approvalsRequired: true },
  });
  if (!row) throw new ApiError("not_found", `Workspace ${workspaceId} not found`);
  const existing = await db.channel.findMany({
    where: { workspaceId, id: { in: row.defaultChannelIds } },
    select: { id: true },
  });
  const ids = new Set(existing.map((c) => c.id));
  return {
    id: row.id,
    name: row.name,
    timezone: row.timezone,
    weekStart: row.weekStart === "SUNDAY" ? "sunday" : "monday",
    defaultChannelIds: row.defaultChannelIds.filter((id) => ids.has(id)),
    approvalsRequired: row.approvalsRequired,
  };
}
