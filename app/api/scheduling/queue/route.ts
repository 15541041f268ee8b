import { workspaceRoute } from "@/lib/api/route";
import { getProducerRedis } from "@/lib/db/redis";
import { getPublishQueue } from "@/lib/queue/publish-queue";
import { getQueueStatus } from "@/lib/scheduling/get-queue-status";

export const dynamic = "force-dynamic";
export const runtime = "nodejs";

// GET /api/scheduling/queue – the workspace's publish jobs by state, and how many workers are alive
export const GET = workspaceRoute({}, async ({ db, workspace }) => {
  return getQueueStatus({
    db,
    queue: getPublishQueue(),
    redis: getProducerRedis(),
    workspaceId: workspace.workspaceId,
  });
});
