import { workspaceRoute } from "@/lib/api/route";
import { listMembers } from "@/lib/members/list-members";

export const dynamic = "force-dynamic";
export const runtime = "nodejs";

// GET /api/workspace/members – the team: name, email, role, joined, last activity
export const GET = workspaceRoute({}, async ({ db, workspace }) => {
  return { members: await listMembers({ db, workspaceId: workspace.workspaceId }) };
});
