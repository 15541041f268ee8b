import { workspaceRoute } from "@/lib/api/route";
import { getProducerRedis } from "@/lib/db/redis";
import { getPublishQueue } from "@/lib/queue/publish-queue";
import { getQueueStatus } from "@/lib/scheduling/get-queue-status";

export const dynamic = "force-dynamic";
export const runtime = "nodejs";

// GET /api/scheduling/queue – job counts by state, last sweep and live workers
export const GET = workspaceRoute({}, async () => {
  return getQueueStatus({ queue: getPublishQueue(), redis: getProducerRedis() });
});
