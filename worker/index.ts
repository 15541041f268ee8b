import { hostname } from "node:os";
import { type Job, UnrecoverableError, Worker } from "bullmq";
import type { Db as MongoDb } from "mongodb";
import type pg from "pg";
import { createMongoClient, getMetricsDb } from "@/lib/db/mongo";
import { createPrismaClient } from "@/lib/db/prisma";
import { createRedis } from "@/lib/db/redis";
import { reportRedisError } from "@/lib/db/redis-outage-log";
import { createSqlPool } from "@/lib/db/sql";
import { getEnv } from "@/lib/env";
import { logger } from "@/lib/log";
import { getMediaStorage } from "@/lib/media/storage/get-media-storage";
import { backfillPostLatestMetrics } from "@/lib/metrics/backfill-post-latest-metrics";
import { dropRetiredMetricIndexes } from "@/lib/metrics/metric-snapshots";
import { dropRetiredLatestMetricsCollection } from "@/lib/metrics/post-latest-metrics";
import { backfillEngagementRollup } from "@/lib/metrics/rebuild-rollup";
import { COLLECT_METRICS_JOB_NAME, METRICS_SCHEDULER_ID } from "@/lib/queue/metrics-jobs";
import { createPublishQueue, PUBLISH_JOB_NAME, SWEEP_JOB_NAME, SWEEPER_SCHEDULER_ID } from "@/lib/queue/publish-queue";
import { sweepDuePosts } from "@/lib/scheduling/sweep-due-posts";
import { startHealthServer } from "@/worker/health-server";
import { startHeartbeat } from "@/worker/heartbeat";
import { createCollectMetricsProcessor } from "@/worker/processors/collect-metrics";
import {
  createDeliverNotificationsProcessor,
  NOTIFY_DELIVERY_JOB_NAME,
  NOTIFY_DELIVERY_SCHEDULER_ID,
} from "@/worker/processors/deliver-notifications";
import {
  createMediaCleanupProcessor,
  MEDIA_CLEANUP_JOB_NAME,
  MEDIA_CLEANUP_SCHEDULER_ID,
} from "@/worker/processors/media-cleanup";
import { createPublishProcessor } from "@/worker/processors/publish";
import {
  createTokenRefreshProcessor,
  TOKEN_REFRESH_JOB_NAME,
  TOKEN_REFRESH_SCHEDULER_ID,
} from "@/worker/processors/refresh-tokens";
import { createSweepProcessor } from "@/worker/processors/sweep";

const log = logger("worker");

// The publishing worker: one BullMQ Worker on the publish queue running publish jobs and the sweeper's jobs
// (dispatched by job name), a heartbeat for /api/health, and a graceful shutdown that never loses a job.
async function main() {
  const env = getEnv();
  const queueName = env.PUBLISH_QUEUE_NAME;
  const workerId = `${hostname()}-${process.pid}`;
  const db = createPrismaClient();
  const sql = createSqlPool();
  const redis = createRedis("worker");
  const workerRedis = createRedis("worker");
  const queue = createPublishQueue(redis, queueName);

  const publish = createPublishProcessor({ sql, db });
  const sweep = createSweepProcessor({ db, queue, redis });
  const mongoClient = createMongoClient();
  const collect = createCollectMetricsProcessor({
    db,
    sql,
    mongo: getMetricsDb(mongoClient),
    everyMs: env.METRICS_EVERY_MS,
  });
  const cleanMedia = createMediaCleanupProcessor({
    db,
    storage: getMediaStorage(),
    maxAgeMs: env.MEDIA_ORPHAN_MAX_AGE_MS,
  });
  const deliverNotifications = createDeliverNotificationsProcessor({ db });
  const refreshTokens = createTokenRefreshProcessor({ db, pool: sql, aheadMs: env.TOKEN_REFRESH_AHEAD_MS });
  const worker = new Worker(
    queueName,
    async (job: Job, token?: string, signal?: AbortSignal) => {
      if (job.name === PUBLISH_JOB_NAME) return publish(job, token, signal);
      if (job.name === SWEEP_JOB_NAME) return sweep();
      if (job.name === COLLECT_METRICS_JOB_NAME) return collect();
      if (job.name === MEDIA_CLEANUP_JOB_NAME) return cleanMedia();
      if (job.name === TOKEN_REFRESH_JOB_NAME) return refreshTokens();
      if (job.name === NOTIFY_DELIVERY_JOB_NAME) return deliverNotifications();
      throw new UnrecoverableError(`unknown job name "${job.name}"`);
    },
    {
      connection: workerRedis,
      name: workerId,
      concurrency: env.WORKER_CONCURRENCY,
      // The BullMQ lock and the post's lease describe the same thing (a live worker holds this job); a dead
      // worker's job comes back through the stalled check at about the time its lease lets another claim it.
      lockDuration: env.PUBLISH_LEASE_MS,
      stalledInterval: Math.min(30_000, env.PUBLISH_LEASE_MS),
      // Re-running a publish job is safe (claims, idempotency keys), so a job may stall a few times.
      maxStalledCount: 5,
    },
  );
  // Connection failures become one line per outage (lib/db/redis-outage-log.ts), the rest one line each.
  worker.on("error", (err) => reportRedisError(err, "worker"));
  worker.on("failed", (job, err) => {
    const ctx = { jobId: job?.id, name: job?.name, data: job?.data, attemptsMade: job?.attemptsMade, err };
    log.error(ctx, job && job.attemptsMade < (job.opts.attempts ?? 1) ? "job failed, will retry" : "job failed");
  });
  worker.on("stalled", (jobId) => log.warn({ jobId }, "job stalled (its worker died?); handed back to the queue"));

  let closing = false;
  // Set by the start-up steps below; shutdown may come before they exist.
  let schedulerWatch: NodeJS.Timeout | undefined;
  let stopHeartbeat: (() => Promise<void>) | undefined;
  let health: { close(): void } | undefined;
  const shutdown = async (signal: string) => {
    if (closing) return;
    closing = true;
    const graceMs = env.WORKER_SHUTDOWN_GRACE_MS;
    log.info({ signal, graceMs }, "shutting down: letting active jobs finish");
    // Past the grace period, abort in-flight requests: the processor releases the post and requeues the job.
    const cancel = setTimeout(() => worker.cancelAllJobs("worker shutting down"), graceMs);
    const hardExit = setTimeout(() => {
      log.error("shutdown timed out; exiting (unfinished jobs come back through the stalled check)");
      process.exit(1);
    }, graceMs + 10_000);
    hardExit.unref();
    try {
      await worker.close();
      clearTimeout(cancel);
      if (schedulerWatch) clearInterval(schedulerWatch);
      await stopHeartbeat?.();
      await queue.close();
      health?.close();
      await Promise.allSettled([redis.quit(), workerRedis.quit(), db.$disconnect(), sql.end(), mongoClient.close()]);
      log.info("worker stopped");
      process.exit(0);
    } catch (err) {
      log.error({ err }, "error during shutdown");
      process.exit(1);
    }
  };
  // Installed before the start-up steps below: a SIGTERM while they run (jobs may already be active) still shuts
  // down gracefully instead of killing the process with a publication in flight.
  process.on("SIGTERM", () => void shutdown("SIGTERM"));
  process.on("SIGINT", () => void shutdown("SIGINT"));
  const ensureSchedulers = async () => {
    await queue.upsertJobScheduler(
      SWEEPER_SCHEDULER_ID,
      { every: env.SWEEP_EVERY_MS },
      { name: SWEEP_JOB_NAME, opts: { removeOnComplete: true, removeOnFail: 50 } },
    );
    await queue.upsertJobScheduler(
      METRICS_SCHEDULER_ID,
      { every: env.METRICS_EVERY_MS },
      { name: COLLECT_METRICS_JOB_NAME, opts: { removeOnComplete: true, removeOnFail: 50 } },
    );
    await queue.upsertJobScheduler(
      MEDIA_CLEANUP_SCHEDULER_ID,
      { every: env.MEDIA_CLEANUP_EVERY_MS },
      { name: MEDIA_CLEANUP_JOB_NAME, opts: { removeOnComplete: true, removeOnFail: 50 } },
    );
    await queue.upsertJobScheduler(
      TOKEN_REFRESH_SCHEDULER_ID,
      { every: env.TOKEN_REFRESH_EVERY_MS },
      { name: TOKEN_REFRESH_JOB_NAME, opts: { removeOnComplete: true, removeOnFail: 50 } },
    );
    await queue.upsertJobScheduler(
      NOTIFY_DELIVERY_SCHEDULER_ID,
      { every: env.NOTIFY_DELIVERY_EVERY_MS },
      { name: NOTIFY_DELIVERY_JOB_NAME, opts: { removeOnComplete: true, removeOnFail: 50 } },
    );
  };
  await ensureSchedulers().catch((err: unknown) => {
    if (!closing) throw err; // a shutdown that started meanwhile closed the queue: nothing left to set up
  });
  if (closing) return;
  // The schedulers live in Redis. If Redis loses its data (FLUSHALL, failover to an empty replica) they are gone,
  // and with them every delayed publish job: nothing would sweep the due posts back until a worker restarts.
  schedulerWatch = setInterval(() => {
    void (async () => {
      if (closing || (await queue.getJobScheduler(SWEEPER_SCHEDULER_ID))) return;
      log.warn("the sweeper's job scheduler is missing (Redis lost its data?): restoring it and every post's job");
      await ensureSchedulers();
      const swept = await sweepDuePosts({ db, queue, redis, includeFuture: true });
      log.info({ jobsRecovered: swept.jobsRecovered, leasesRecovered: swept.leasesRecovered }, "jobs restored");
    })().catch((err: unknown) => log.error({ err }, "scheduler check failed; retrying at the next check"));
  }, env.SCHEDULER_CHECK_MS);
  schedulerWatch.unref();
  // Metrics are not on the publishing path: a MongoDB that is down or hangs must not hold the worker's start.
  // Until it succeeds, tried again every minute (an upgrade started during a MongoDB outage still gets its rollup).
  const prepare = () => {
    if (closing) return;
    prepareMetricsStore(getMetricsDb(mongoClient), sql).catch((err: unknown) => {
      log.error({ err }, "could not prepare the metrics store (MongoDB down?); trying again in a minute");
      setTimeout(prepare, 60_000).unref();
    });
  };
  prepare();
  // One sweep right away: after a restart or a Redis loss, due posts must not wait a whole sweep period.
  await sweepDuePosts({ db, queue, redis }).catch((err: unknown) => log.error({ err }, "start-up sweep failed"));
  if (closing) return;
  stopHeartbeat = startHeartbeat({ redis, queueName, workerId });
  health =
    env.WORKER_HEALTH_PORT > 0
      ? startHealthServer({ port: env.WORKER_HEALTH_PORT, status: () => ({ ok: !closing, workerId, queueName }) })
      : undefined;
  log.info({ workerId, queueName, concurrency: env.WORKER_CONCURRENCY }, "worker started");
}

main().catch((err: unknown) => {
  log.fatal({ err }, "worker failed to start");
  process.exit(1);
});

/** Old indexes and collections dropped, then the calculator's rollup and the posts' latest figures for snapshots
 * stored before they existed (once each; logged). */
async function prepareMetricsStore(mongo: MongoDb, sql: pg.Pool): Promise<void> {
  await dropRetiredMetricIndexes(mongo);
  if (await dropRetiredLatestMetricsCollection(mongo))
    log.info("dropped MongoDB collection post_latest_metrics (the posts' latest figures are in PostgreSQL now)");
  const started = Date.now();
  const rebuilt = await backfillEngagementRollup({ mongo, sql });
  if (rebuilt) log.info({ ...rebuilt, ms: Date.now() - started }, "built the engagement rollup from stored snapshots");
  const latest = await backfillPostLatestMetrics({ mongo, sql });
  if (latest)
    log.info({ ...latest, ms: Date.now() - started }, "built the posts' latest figures from stored snapshots");
}
