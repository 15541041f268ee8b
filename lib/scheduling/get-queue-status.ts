import type { JobType, Queue } from "bullmq";
import type { Redis } from "ioredis";
import { ApiError } from "@/lib/api/errors";
import { withTimeout } from "@/lib/async/with-timeout";
import type { Db } from "@/lib/db/prisma";
import { listWorkerHeartbeats } from "@/lib/health/list-worker-heartbeats";
import { logger } from "@/lib/log";
import { publishJobId } from "@/lib/queue/publish-queue";
import type { QueueStatusResponse } from "@/lib/schemas/scheduling";

const log = logger("api:queue");

/** A hung Redis must not hold the request: 503 within a second. */
const STATUS_TIMEOUT_MS = 800;

const STATES: JobType[] = ["waiting", "delayed", "prioritized", "active", "completed", "failed", "waiting-children"];
/** Failed jobs stay in Redis 7 days (lib/queue/publish-queue.ts removeOnFail); older posts have no job left. */
const JOB_RETENTION_MS = 7 * 24 * 3600_000;
/** Posts looked up per call; the newest first. */
const MAX_POSTS = 2_000;
const CHUNK = 200;

/**
 * The caller's workspace's share of the publish queue: the state of each of its posts' current jobs (a post's job
 * id is deterministic: publishJobId(post, version)), counted by state, plus how many workers are alive. Never
 * another workspace's job ids, nor worker ids or hosts; the deployment-wide view is
 * getDeploymentQueueStatus (operator CLI).
 * Looks at posts that can still have a job: SCHEDULED/PUBLISHING, or changed within the job retention (7 days);
 * at most MAX_POSTS of them, newest first.
 * @throws ApiError unavailable when Redis does not answer within STATUS_TIMEOUT_MS (800 ms).
 */
export async function getQueueStatus({
  db,
  queue,
  redis,
  workspaceId,
  now = new Date(),
}: {
  db: Db;
  queue: Queue;
  redis: Redis;
  workspaceId: string;
  now?: Date;
}): Promise<QueueStatusResponse> {
  const posts = await db.post.findMany({
    where: {
      workspaceId,
      OR: [
        { status: { in: ["SCHEDULED", "PUBLISHING"] } },
        { updatedAt: { gte: new Date(now.getTime() - JOB_RETENTION_MS) } },
      ],
    },
    select: { id: true, version: true },
    orderBy: [{ updatedAt: "desc" }, { id: "asc" }],
    take: MAX_POSTS,
  });
  try {
    return await withTimeout(readStatus(queue, redis, posts), STATUS_TIMEOUT_MS, "Redis did not answer");
  } catch (err) {
    log.error({ err, queue: queue.name, workspaceId }, "could not read the queue status");
    throw new ApiError("unavailable", "The publishing queue is unavailable");
  }
}

async function readStatus(
  queue: Queue,
  redis: Redis,
  posts: { id: string; version: number }[],
): Promise<QueueStatusResponse> {
  await queue.waitUntilReady();
  const counts: Record<string, number> = Object.fromEntries(STATES.map((s) => [s, 0]));
  const jobs: QueueStatusResponse["jobs"] = [];
  for (let i = 0; i < posts.length; i += CHUNK) {
    const chunk = posts.slice(i, i + CHUNK);
    const states = await Promise.all(chunk.map((p) => queue.getJobState(publishJobId(p.id, p.version))));
    chunk.forEach((post, j) => {
      const state = states[j];
      if (!state || state === "unknown") return;
      counts[state] = (counts[state] ?? 0) + 1;
      jobs.push({ postId: post.id, version: post.version, state });
    });
  }
  const workers = await listWorkerHeartbeats({ redis, queueName: queue.name });
  return { counts, jobs, liveWorkers: workers.length };
}
