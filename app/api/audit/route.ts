import { workspaceRoute } from "@/lib/api/route";
import { listAuditEvents } from "@/lib/audit/list-audit-events";
import { auditQuery } from "@/lib/schemas/members";

export const dynamic = "force-dynamic";
export const runtime = "nodejs";

// GET /api/audit – the workspace's audit log, newest first, paged (?limit=50&cursor=<nextCursor>)
export const GET = workspaceRoute({ query: auditQuery }, async ({ db, workspace, query }) => {
  return listAuditEvents({ db, workspaceId: workspace.workspaceId, limit: query.limit, cursor: query.cursor });
});
