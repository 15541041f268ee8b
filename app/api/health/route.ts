import { publicRoute, Reply } from "@/lib/api/route";
import { getMongoClient } from "@/lib/db/mongo";
import { getProducerRedis } from "@/lib/db/redis";
import { checkHealth } from "@/lib/health/check-health";
import { getPublishQueue } from "@/lib/queue/publish-queue";

export const dynamic = "force-dynamic";
export const runtime = "nodejs";

// GET /api/health – PostgreSQL, Redis, MongoDB and worker heartbeat; 503 when one is down
export const GET = publicRoute({}, async ({ db }) => {
  const health = await checkHealth({
    db,
    queue: getPublishQueue(),
    redis: getProducerRedis(),
    mongo: getMongoClient(),
  });
  return new Reply(health.ok ? 200 : 503, health);
});
