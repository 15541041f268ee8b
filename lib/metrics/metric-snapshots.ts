import type { Collection, Db as MongoDb } from "mongodb";
import { getMetricsDb } from "@/lib/db/mongo";
import type { Platform } from "@/lib/generated/prisma/enums";

export const METRIC_SNAPSHOTS = "metric_snapshots";

/**
 * One reading of a published post's numbers on one channel at one moment. Identity (the idempotency key):
 * (publicationId, channelId, collectedAt). workspaceId, postId, platform and publishedAt are copied from
 * PostgreSQL at ingest (never taken from the caller), so the calculator reads MongoDB alone.
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
  /** collectedAt − publishedAt in ms: lets the calculator ask for "no older than the horizon" with a plain range. */
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

/**
 * Indexes (idempotent; run by the worker at start, the seed, and tests):
 * - the calculator's query: workspaceId + platform equality, publishedAt range (ageMs filtered in the scan);
 * - the idempotency key, unique, so a repeated snapshot upserts onto the same document;
 * - collection's "what exists already" lookup by publication.
 */
export async function ensureMetricIndexes(db: MongoDb = getMetricsDb()): Promise<void> {
  const collection = metricSnapshots(db);
  await collection.createIndex({ workspaceId: 1, platform: 1, publishedAt: 1 }, { name: "calculator" });
  await collection.createIndex(
    { publicationId: 1, channelId: 1, collectedAt: 1 },
    { name: "snapshot_identity", unique: true },
  );
}
