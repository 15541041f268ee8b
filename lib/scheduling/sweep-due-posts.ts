import type { Queue } from "bullmq";
import type { Redis } from "ioredis";
import type { Db } from "@/lib/db/prisma";
import { logger } from "@/lib/log";
import { enqueuePublishJob, removePublishJob } from "@/lib/queue/enqueue-publish-job";
import { publishJobId } from "@/lib/queue/publish-queue";
import { lastSweepKey, type SweepResult } from "@/lib/queue/status-keys";

const log = logger("worker:sweep");
const BATCH = 500;
/** States in which the job will still run by itself; anything else (missing, completed, failed) is dead. */
const LIVE_STATES = new Set(["waiting", "delayed", "active", "prioritized", "waiting-children"]);

type SweptPost = { id: string; workspaceId: string; version: number; scheduledAt: Date | null };

type Still = "SCHEDULED" | "EXPIRED_LEASE";

/**
 * True when the post version's job was missing or dead and has been added again. Right before re-adding, the post
 * is read again: a job that completed (or failed) since the page was read left the post PUBLISHED/FAILED or
 * re-claimed, and nothing is re-added or counted then. The job's delay is computed at the moment it is added
 * (enqueuePublishJob's clock), never from the sweep's start, so a long sweep does not make it fire late.
 */
async function ensureJob(db: Db, queue: Queue, post: SweptPost, still: Still): Promise<boolean> {
  const job = await queue.getJob(publishJobId(post.id, post.version));
  if (job && LIVE_STATES.has(await job.getState())) return false;
  const now = new Date();
  const current = await db.post.findFirst({
    where: {
      id: post.id,
      version: post.version,
      ...(still === "SCHEDULED"
        ? { status: "SCHEDULED" as const }
        : { status: "PUBLISHING" as const, OR: [{ leaseUntil: null }, { leaseUntil: { lt: now } }] }),
    },
    select: { scheduledAt: true },
  });
  if (!current) return false;
  if (job) await removePublishJob({ queue, postId: post.id, version: post.version });
  await enqueuePublishJob({
    queue,
    job: { postId: post.id, workspaceId: post.workspaceId, version: post.version },
    scheduledAt: current.scheduledAt ?? now,
  });
  return true;
}

/** Visits posts matching `where` in pages of BATCH, ordered by (scheduledAt, id) so the index serves it. */
async function* inBatches(db: Db, where: NonNullable<Parameters<Db["post"]["findMany"]>[0]>["where"]) {
  let cursor: string | undefined;
  for (;;) {
    const page: SweptPost[] = await db.post.findMany({
      where,
      select: { id: true, workspaceId: true, version: true, scheduledAt: true },
      orderBy: [{ scheduledAt: "asc" }, { id: "asc" }],
      take: BATCH,
      ...(cursor ? { cursor: { id: cursor }, skip: 1 } : {}),
    });
    yield* page;
    if (page.length < BATCH) return;
    cursor = page[page.length - 1]?.id;
  }
}

/**
 * PostSchedulerCron: every due SCHEDULED post must have a live job (Redis may have lost it: FLUSHALL, failover
 * without persistence, a failed job), and every PUBLISHING post whose lease expired (its worker died) must have one
 * that can re-claim it. Adds the missing ones at once and records the outcome under lastSweepKey(queue name).
 */
export async function sweepDuePosts({
  db,
  queue,
  redis,
  now = () => new Date(),
  includeFuture = false,
}: {
  db: Db;
  queue: Queue;
  redis: Redis;
  now?: () => Date;
  /**
   * Also give every SCHEDULED post that is not due yet a live job: after Redis lost its data (the worker's
   * scheduler check found the sweeper gone), their delayed jobs are gone too, and the next periodic sweep may
   * come minutes after they fall due.
   */
  includeFuture?: boolean;
}): Promise<SweepResult> {
  const startedAt = now();
  const recovered: string[] = [];
  let duePosts = 0;
  let jobsRecovered = 0;
  let leasesRecovered = 0;

  const scheduled = includeFuture
    ? { status: "SCHEDULED" as const }
    : { status: "SCHEDULED" as const, scheduledAt: { lte: startedAt } };
  for await (const post of inBatches(db, scheduled)) {
    duePosts++;
    if (await ensureJob(db, queue, post, "SCHEDULED")) {
      jobsRecovered++;
      recovered.push(post.id);
    }
  }
  const expired = { status: "PUBLISHING" as const, OR: [{ leaseUntil: null }, { leaseUntil: { lt: startedAt } }] };
  for await (const post of inBatches(db, expired)) {
    // An "active" job with an expired lease belongs to a dead worker: BullMQ's stalled check hands it back.
    if (await ensureJob(db, queue, post, "EXPIRED_LEASE")) {
      leasesRecovered++;
      recovered.push(post.id);
    }
  }

  const result: SweepResult = {
    at: startedAt.toISOString(),
    durationMs: now().getTime() - startedAt.getTime(),
    duePosts,
    jobsRecovered,
    leasesRecovered,
    recoveredPostIds: recovered.slice(0, 100),
  };
  await redis.set(lastSweepKey(queue.name), JSON.stringify(result));
  if (recovered.length > 0) log.warn({ ...result, recoveredPostIds: undefined }, "sweep re-added missing jobs");
  else log.debug(result, "sweep found nothing to recover");
  return result;
}
