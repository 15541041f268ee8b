import type { Db as MongoDb } from "mongodb";
import type pg from "pg";
import { refreshChannelCredentials } from "@/lib/channels/refresh-channel-credentials";
import { decryptCredentials } from "@/lib/crypto/credentials";
import type { Db } from "@/lib/db/prisma";
import { getSql } from "@/lib/db/sql";
import { logger } from "@/lib/log";
import { upsertSnapshots } from "@/lib/metrics/ingest-snapshots";
import type { MetricSnapshotDoc } from "@/lib/metrics/metric-snapshots";
import { type AdapterLookup, getPlatformAdapter } from "@/lib/publishing/networks/get-platform-adapter";

const log = logger("worker:metrics");
const HOUR_MS = 3_600_000;

/** A post is read at these ages (the last one is the calculator's horizon) and not after this many days. */
export const COLLECT_AT_AGES_MS = [1 * HOUR_MS, 24 * HOUR_MS, 72 * HOUR_MS] as const;
export const COLLECT_FOR_MS = 7 * 24 * HOUR_MS;
const MAX_RESULTS_PER_RUN = 5_000;

/**
 * The reading for a target age is taken at the first run inside [age − lead, …) where lead = min(run interval,
 * age / 4): early rather than late, so the 72 h reading is never older than the calculator's 72 h horizon even
 * when runs are an hour apart. Returns the index of the reading due at `ageMs`, or -1 before the first.
 */
export function dueReading(ageMs: number, everyMs: number): number {
  let due = -1;
  COLLECT_AT_AGES_MS.forEach((target, i) => {
    if (ageMs >= target - Math.min(everyMs, target / 4)) due = i;
  });
  return due;
}

export type CollectMetricsResult = { collected: number; failed: number; unsupported: number };

/**
 * Collects engagement snapshots for publications that succeeded within the last 7 days, through each channel's
 * platform adapter (`metrics`, when it has one). A post gets one snapshot per target age; a reading taken
 * already (PublicationResult.metricsReading) is never taken again, so running this twice in a row stores
 * nothing new. A failing channel is logged and skipped; the others still collect.
 */
export async function collectMetrics({
  db,
  mongo,
  everyMs,
  now = new Date(),
  adapters = getPlatformAdapter,
  sql = getSql(),
}: {
  db: Db;
  mongo: MongoDb;
  /** For the rollup's write lock (see engagement-rollup.ts). */
  sql?: pg.Pool;
  /** How often collection runs (METRICS_EVERY_MS). */
  everyMs: number;
  now?: Date;
  adapters?: AdapterLookup;
}): Promise<CollectMetricsResult> {
  const results = await db.publicationResult.findMany({
    where: {
      status: "SUCCEEDED",
      publishedAt: { gte: new Date(now.getTime() - COLLECT_FOR_MS), lte: now },
      // Posts whose last reading is taken are done: MAX_RESULTS_PER_RUN is spent on the ones still owed a reading.
      OR: [{ metricsReading: null }, { metricsReading: { lt: COLLECT_AT_AGES_MS.length - 1 } }],
    },
    select: {
      id: true,
      metricsReading: true,
      publicationId: true,
      channelId: true,
      platform: true,
      publishedAt: true,
      platformPostId: true,
      publication: { select: { postId: true, workspaceId: true } },
      channel: { select: { id: true, displayName: true, platform: true, config: true, credentialsEnc: true } },
    },
    orderBy: { publishedAt: "desc" },
    take: MAX_RESULTS_PER_RUN,
  });
  const supported = results.filter((r) => adapters(r.channel.platform).metrics);
  const outcome: CollectMetricsResult = { collected: 0, failed: 0, unsupported: results.length - supported.length };
  if (supported.length === 0) return outcome;

  const docs: MetricSnapshotDoc[] = [];
  const taken: Array<{ resultId: string; reading: number }> = [];
  for (const r of supported) {
    if (!r.publishedAt) continue;
    const ageMs = now.getTime() - r.publishedAt.getTime();
    const due = dueReading(ageMs, everyMs);
    if (due < 0 || due <= (r.metricsReading ?? -1)) continue;
    try {
      const metrics = await adapters(r.channel.platform).metrics?.({
        postId: r.publication.postId,
        channel: r.channel,
        credentials: r.channel.credentialsEnc ? decryptCredentials(r.channel.credentialsEnc) : {},
        platformPostId: r.platformPostId,
        publishedAt: r.publishedAt,
        at: now,
        signal: AbortSignal.timeout(30_000),
        refreshCredentials: (fn) => refreshChannelCredentials({ pool: sql, channelId: r.channel.id, fn }),
      });
      if (!metrics) continue;
      taken.push({ resultId: r.id, reading: due });
      docs.push({
        ...metrics,
        workspaceId: r.publication.workspaceId,
        postId: r.publication.postId,
        publicationId: r.publicationId,
        channelId: r.channelId,
        platform: r.platform,
        publishedAt: r.publishedAt,
        collectedAt: now,
        ageMs,
      });
    } catch (err) {
      outcome.failed++;
      log.warn(
        { err, publicationId: r.publicationId, channelId: r.channelId },
        "metrics read failed; next run retries",
      );
    }
  }
  const written = await upsertSnapshots(mongo, docs, sql);
  // Only once the snapshots are stored: a run that dies in between takes the reading again (same identity if at the
  // same instant, else one more reading of the same age band — harmless to the rollup, which keeps the latest).
  for (const reading of new Set(taken.map((t) => t.reading))) {
    const ids = taken.filter((t) => t.reading === reading).map((t) => t.resultId);
    await db.publicationResult.updateMany({ where: { id: { in: ids } }, data: { metricsReading: reading } });
  }
  outcome.collected = written.inserted + written.updated;
  return outcome;
}
