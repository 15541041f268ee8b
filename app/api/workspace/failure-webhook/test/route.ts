import { workspaceRoute } from "@/lib/api/route";
import { testFailureWebhook } from "@/lib/failure-webhook/test-failure-webhook";

export const dynamic = "force-dynamic";
export const runtime = "nodejs";

// POST /api/workspace/failure-webhook/test – send one signed test event now; answers { ok, status, error? }
export const POST = workspaceRoute({}, async ({ db, workspace }) => {
  return testFailureWebhook({ db, workspaceId: workspace.workspaceId });
});
