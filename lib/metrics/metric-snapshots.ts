import type { Collection, Db as MongoDb } from "mongodb";
import { getMetricsDb } from "@/lib/db/mongo";
import type { Platform } from "@/lib/generated/prisma/enums";

export const METRIC_SNAPSHOTS = "metric_snapshots";

/**
 * One reading of a published post's numbers on one channel at one moment. Identity (the idempotency key):
 * (publicationId, channelId, collectedAt). workspaceId, postId, platform and publishedAt are copied from
 * PostgreSQL at ingest (never taken from the caller), so the rollup (engagement-rollup.ts) is built from MongoDB alone.
 */
export interface MetricSnapshotDoc {
  /** snapshotId(): the identity as a string, so a repeated insert is a duplicate key (see upsertSnapshots). */
  _id?: string;
  workspaceId: string;
  postId: string;
  publicationId: string;
  channelId: string;
  platform: Platform;
  publishedAt: Date;
  collectedAt: Date;
  /** collectedAt − publishedAt in ms: which readings fall inside the calculator's measurement band. */
  ageMs: number;
  impressions: number | null;
  /** Unique accounts reached; null when the platform does not report it. */
  reach: number | null;
  likes: number;
  comments: number;
  shares: number;
  saves: number;
  clicks: number;
  /** Channel followers when collected; null when unknown. */
  followers: number | null;
}

/** "<publicationId>/<channelId>/<collectedAt ISO>": one snapshot's identity. */
export function snapshotId(s: { publicationId: string; channelId: string; collectedAt: Date }): string {
  return `${s.publicationId}/${s.channelId}/${s.collectedAt.toISOString()}`;
}

export function metricSnapshots(db: MongoDb = getMetricsDb()): Collection<MetricSnapshotDoc> {
  return db.collection<MetricSnapshotDoc>(METRIC_SNAPSHOTS);
}

const RETIRED_INDEXES = ["calculator", "snapshot_identity"];

/**
 * Drops the snapshot indexes earlier versions created (run by the worker at start; idempotent). Snapshots are
 * read by `_id` only — their identity, so a repeated snapshot is a duplicate key — the calculator reads the
 * rollup by `_id` (engagement-rollup.ts) and the sent card a post's latest figures by `_id` (post-latest-metrics.ts),
 * so no collection needs a secondary index (FerretDB 1.x would not use one: it answers only `_id` equality from
 * SQLite's key); the old ones only slowed writes.
 */
export async function dropRetiredMetricIndexes(db: MongoDb = getMetricsDb()): Promise<void> {
  const existing = await metricSnapshots(db)
    .listIndexes()
    .toArray()
    .catch(() => []);
  for (const index of existing) {
    if (RETIRED_INDEXES.includes(String(index.name))) await metricSnapshots(db).dropIndex(String(index.name));
  }
}
