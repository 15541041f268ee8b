import { DelayedError, type Job, UnrecoverableError } from "bullmq";
import { isDatabaseUnreachable } from "@/lib/db/is-database-unreachable";
import { isRedisUnreachable } from "@/lib/db/is-redis-unreachable";
import { type Db, getPrisma } from "@/lib/db/prisma";
import { getSql, type Sql } from "@/lib/db/sql";
import { type Env, getEnv } from "@/lib/env";
import type { PostStatus, PublicationStatus } from "@/lib/generated/prisma/enums";
import { logger } from "@/lib/log";
import { notifyPublicationOutcome } from "@/lib/notifications/notify-publication-outcome";
import { failPendingResults, finishPublication } from "@/lib/publishing/finish-publication";
import { honouredRetryAfterMs } from "@/lib/publishing/honoured-retry-after";
import { StaleLeaseError } from "@/lib/publishing/lease-fence";
import type { AdapterLookup } from "@/lib/publishing/networks/get-platform-adapter";
import { claimPostLease, keepLeaseAlive, releasePostLease } from "@/lib/publishing/post-lease";
import { openPublication, publishPost } from "@/lib/publishing/publish-post";
import { publishJobSchema } from "@/lib/queue/publish-queue";

const log = logger("worker:publish");

export type PublishJobHandle = Pick<Job, "id" | "data" | "attemptsMade" | "opts" | "moveToDelayed"> &
  Partial<Pick<Job, "attemptsStarted">>;
export type PublishJobOutcome =
  | { outcome: "dropped"; reason: string }
  | { outcome: "finished"; publicationId: string; status: PublicationStatus };

const realSleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

// Reads what the stale/early checks need: the post's version, status and time (none: gone from the workspace).
const READ_POST = `SELECT version, status, "scheduledAt", "leaseUntil" FROM "Post" WHERE id = $1 AND "workspaceId" = $2`;

// Most attempts any channel of the publication has used (bounds retries that skip BullMQ's counter).
const MAX_ATTEMPTS = `SELECT COALESCE(MAX(attempts), 0) AS n FROM "PublicationResult" WHERE "publicationId" = $1`;

type PostState = { version: number; status: PostStatus; scheduledAt: Date | null; leaseUntil: Date | null };

/** First retry after an outage of our own stores; doubles per consecutive outage retry up to OUTAGE_RETRY_CAP_MS. */
const OUTAGE_RETRY_MS = 250;
/** Cap of that wait, so a post goes out within about this long after PostgreSQL or Redis is back. */
const OUTAGE_RETRY_CAP_MS = 2_000;
const OUTAGE_LOG_EVERY_MS = 30_000;
let lastOutageWarnAt = -Infinity;

type ProcessArgs = Parameters<typeof runPublishJob>[0];

/**
 * PostSchedulerProcessor: runs one publish job (runPublishJob below), and handles two faults that are not the
 * platform's, so neither spends one of the post's publish attempts (BullMQ's attemptsMade):
 * - this worker lost its claim to a takeover (it was frozen or cut off past its lease): its writes were fenced
 *   and changed nothing (StaleLeaseError); the job ends as dropped, the new holder finishes the publication;
 * - our own PostgreSQL or Redis is unreachable: the job is moved back to delayed (a capped backoff from
 *   OUTAGE_RETRY_MS to OUTAGE_RETRY_CAP_MS) and DelayedError is thrown, which BullMQ does not count as an attempt
 *   (bullmq 6 Job.moveToDelayed passes skipAttempt; https://docs.bullmq.io/patterns/process-step-jobs "Delaying").
 */
export async function processPublishJob(args: ProcessArgs): Promise<PublishJobOutcome> {
  const { job, token } = args;
  try {
    return await runPublishJob(args);
  } catch (err) {
    if (err instanceof StaleLeaseError) {
      const reason = "lease lost: another worker took the post over; nothing written";
      log.info({ jobId: job.id, ...err.lease, reason }, "publish job dropped");
      return { outcome: "dropped", reason };
    }
    if (err instanceof DelayedError || !(isDatabaseUnreachable(err) || isRedisUnreachable(err))) throw err;
    // attemptsStarted - attemptsMade - 1: how many runs of this job ended without spending an attempt, outage
    // retries among them; enough to grow the wait, capped anyway.
    const retries = Math.max(0, (job.attemptsStarted ?? 1) - job.attemptsMade - 1);
    const waitMs = Math.min(OUTAGE_RETRY_CAP_MS, OUTAGE_RETRY_MS * 2 ** Math.min(retries, 10));
    const store = isDatabaseUnreachable(err) ? "PostgreSQL" : "Redis";
    const line = {
      jobId: job.id,
      data: job.data,
      store,
      error: (err as Error).message.split("\n")[0],
      retryInMs: waitMs,
    };
    // Every waiting job retries every few seconds during an outage: one warning per OUTAGE_LOG_EVERY_MS, the rest
    // at debug level.
    const at = Date.now();
    if (at - lastOutageWarnAt >= OUTAGE_LOG_EVERY_MS) {
      lastOutageWarnAt = at;
      log.warn(line, "our own store is unreachable; publish jobs retry without spending attempts");
    } else log.debug(line, "publish job waits for our own store");
    await job.moveToDelayed(Date.now() + waitMs, token);
    throw new DelayedError(`${store} unreachable`);
  }
}

/**
 * Publishes the post a job was made for, if that job is still the right one.
 * Throws DelayedError after moving the job (too early, or another worker's lease is live) and a plain Error for
 * transient failures so BullMQ retries with backoff; never publishes before scheduledAt.
 * The hot path is five statements on `sql` (bare pg) plus two per channel: read, claim (+ post, channels),
 * open publication (+ result rows), per channel mark in flight and settle, finish.
 * An outcome other than SUCCEEDED is then reported once (notifyPublicationOutcome on `db`: the bell, and the mail and
 * failure webhook the worker sends later from the outbox), after the finish is committed, never per retry.
 */
async function runPublishJob({
  sql = getSql(),
  db,
  job,
  token,
  signal = new AbortController().signal,
  adapterFor,
  now = () => new Date(),
  sleep = realSleep,
  env = getEnv(),
}: {
  sql?: Sql;
  /** Prisma, for reporting a failed outcome (default: the process-wide client). */
  db?: Db;
  job: PublishJobHandle;
  token?: string;
  signal?: AbortSignal;
  adapterFor?: AdapterLookup;
  now?: () => Date;
  sleep?: (ms: number) => Promise<void>;
  env?: Pick<
    Env,
    | "PUBLISH_LEASE_MS"
    | "PUBLISH_PREWAKE_MS"
    | "PUBLISH_BACKOFF_MS"
    | "PUBLISH_MAX_ATTEMPTS"
    | "PUBLISH_RETRY_AFTER_CAP_MS"
  >;
}): Promise<PublishJobOutcome> {
  const parsed = publishJobSchema.safeParse(job.data);
  if (!parsed.success) throw new UnrecoverableError(`invalid publish job payload: ${parsed.error.message}`);
  const { postId, workspaceId, version } = parsed.data;
  const ctx = { jobId: job.id, postId, version };
  const drop = (reason: string): PublishJobOutcome => {
    log.info({ ...ctx, reason }, "publish job dropped");
    return { outcome: "dropped", reason };
  };
  const delayUntil = async (at: number, why: string): Promise<never> => {
    log.info({ ...ctx, until: new Date(at).toISOString(), why }, "publish job delayed");
    await job.moveToDelayed(at, token);
    throw new DelayedError(why);
  };

  const readPost = async () => (await sql.query<PostState>(READ_POST, [postId, workspaceId])).rows[0];
  const post = await readPost();
  if (!post) return drop("post no longer exists");
  if (post.version !== version) return drop(`stale job: post is at version ${post.version}`);
  if (post.status !== "SCHEDULED" && post.status !== "PUBLISHING") return drop(`post is ${post.status}`);
  if (!post.scheduledAt) return drop("post has no scheduledAt");
  const scheduledAt = post.scheduledAt.getTime();

  // Never early: a short wait (the deliberate pre-wake) is slept out here, a long one goes back to the queue.
  const early = scheduledAt - now().getTime();
  if (early > Math.max(1_000, env.PUBLISH_PREWAKE_MS)) {
    return delayUntil(scheduledAt - env.PUBLISH_PREWAKE_MS, "job arrived before its time");
  }
  while (now().getTime() < scheduledAt) await sleep(scheduledAt - now().getTime());

  const startedAt = now();
  const leaseMs = env.PUBLISH_LEASE_MS;
  const claimed = await claimPostLease({ sql, postId, workspaceId, version, now: startedAt, leaseMs });
  if (!claimed) {
    const current = await readPost();
    const live = current?.version === version && current.status === "PUBLISHING" && current.leaseUntil;
    if (live && live.getTime() > startedAt.getTime()) return delayUntil(live.getTime() + 50, "another worker holds it");
    return drop("claim lost: post changed before it could be claimed");
  }

  const { lease } = claimed;
  const stopRenewing = keepLeaseAlive({ sql, lease, leaseMs, now });
  let publication: Awaited<ReturnType<typeof openPublication>>;
  let outcomes: Awaited<ReturnType<typeof publishPost>>;
  try {
    const { post: claimedPost, channels } = claimed;
    publication = await openPublication({ sql, ...claimed, version, startedAt });
    outcomes = await publishPost({ sql, post: claimedPost, channels, publication, lease, adapterFor, signal, now });
  } catch (err) {
    await releasePostLease({ sql, lease, now: now() }).catch(() => undefined);
    throw err;
  } finally {
    stopRenewing();
  }

  const pending = outcomes.filter((o) => o.status === "PENDING");
  if (pending.length > 0) {
    const summary = pending.map((o) => `${o.channelId}: ${o.errorMessage}`).join("; ");
    if (signal.aborted) {
      // Shutdown cut the requests short: give the post back and requeue without spending an attempt.
      await releasePostLease({ sql, lease, now: now() });
      return delayUntil(now().getTime(), "worker shutting down");
    }
    const final = job.attemptsMade + 1 >= (job.opts.attempts ?? 1);
    if (!final) {
      await releasePostLease({ sql, lease, now: now() });
      // The post waits PUBLISHING with its lease given back: a person can unschedule or delete it meanwhile.
      const hints = pending.map((o) => (o.status === "PENDING" ? o.retryAfterMs : undefined));
      const retryAfterMs = Math.max(0, ...hints.map((ms) => (ms !== undefined && Number.isFinite(ms) ? ms : 0)));
      const backoffMs = env.PUBLISH_BACKOFF_MS * 2 ** job.attemptsMade;
      const waitMs = honouredRetryAfterMs({ retryAfterMs, backoffMs, capMs: env.PUBLISH_RETRY_AFTER_CAP_MS });
      if (retryAfterMs > env.PUBLISH_RETRY_AFTER_CAP_MS) {
        log.warn(
          { ...ctx, retryAfterMs, capMs: env.PUBLISH_RETRY_AFTER_CAP_MS },
          "Retry-After beyond the cap; backing off",
        );
      }
      if (waitMs !== null && (await maxAttemptsOf(sql, publication.id)) < env.PUBLISH_MAX_ATTEMPTS) {
        return delayUntil(now().getTime() + waitMs, `platform asked to retry later: ${summary}`);
      }
      throw new Error(`transient publish failure, will retry: ${summary}`);
    }
    log.warn({ ...ctx, summary }, "last attempt failed; failing the remaining channels");
    outcomes = await failPendingResults({ sql, publicationId: publication.id, lease });
  }

  const status = await finishPublication({ sql, lease, publicationId: publication.id, outcomes, now: now() });
  log.debug({ ...ctx, publicationId: publication.id, status }, "publication finished");
  if (status !== "SUCCEEDED") {
    await notifyPublicationOutcome({ db: db ?? getPrisma(), workspaceId, publicationId: publication.id, now: now() });
  }
  return { outcome: "finished", publicationId: publication.id, status };
}

async function maxAttemptsOf(sql: Sql, publicationId: string): Promise<number> {
  return (await sql.query<{ n: number }>(MAX_ATTEMPTS, [publicationId])).rows[0]?.n ?? 0;
}
