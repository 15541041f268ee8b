import type { Db as MongoDb } from "mongodb";
import type pg from "pg";
import type { Db } from "@/lib/db/prisma";
import { getSql } from "@/lib/db/sql";
import type { MetricSnapshotDoc } from "@/lib/metrics/metric-snapshots";

// The sent card's read model: per post and channel, the latest snapshot stored, in PostgreSQL table
// "PostLatestMetric" (primary key postId + channelId). Every store of snapshots keeps it with one
// INSERT … ON CONFLICT DO UPDATE … WHERE per batch, so it needs no lock and costs one statement however many posts
// a batch touches.
//
// It lived in MongoDB until FerretDB's costs showed: FerretDB 1.x answers `find({ _id })` from SQLite's key when
// the document exists, but a find by an `_id` that matches nothing reads the whole collection (2 ms at 500 posts,
// 21 ms at 4,000, measured here), and every new post's first reading was such a miss. Loading 1,000,000 snapshots of
// 20,000 posts fell from 7,462 to 577 docs/s (bench/RESULTS.md). The worker drops the old collection at start.

/** The retired MongoDB collection that held these figures (one document per post); dropped by the worker. */
const RETIRED_COLLECTION = "post_latest_metrics";

/** One channel's latest reading: the snapshot's own fields (same meanings and units), without its identity and age. */
export type ChannelReading = Pick<
  MetricSnapshotDoc,
  | "channelId"
  | "platform"
  | "publicationId"
  | "publishedAt"
  | "collectedAt"
  | "impressions"
  | "reach"
  | "likes"
  | "comments"
  | "shares"
  | "saves"
  | "clicks"
  | "followers"
>;

/** The later of two readings; at the same instant `next` wins (the same snapshot re-sent, numbers corrected). */
const later = (kept: MetricSnapshotDoc | undefined, next: MetricSnapshotDoc) =>
  kept && kept.collectedAt.getTime() > next.collectedAt.getTime() ? kept : next;

const COLUMNS = [
  ["postId", "text"],
  ["channelId", "text"],
  ["workspaceId", "text"],
  ["publicationId", "text"],
  ["platform", '"Platform"'],
  ["publishedAt", "timestamptz"],
  ["collectedAt", "timestamptz"],
  ["impressions", "bigint"],
  ["reach", "bigint"],
  ["likes", "bigint"],
  ["comments", "bigint"],
  ["shares", "bigint"],
  ["saves", "bigint"],
  ["clicks", "bigint"],
  ["followers", "bigint"],
] as const satisfies ReadonlyArray<readonly [keyof MetricSnapshotDoc, string]>;

const quoted = COLUMNS.map(([name]) => `"${name}"`).join(", ");
const UPSERT = `
  INSERT INTO "PostLatestMetric" (${quoted})
  SELECT ${COLUMNS.map(([name]) => `u."${name}"`).join(", ")}
  FROM unnest(${COLUMNS.map(([, type], i) => `$${i + 1}::${type}[]`).join(", ")}) AS u(${quoted})
  -- A post or channel of another workspace (or deleted meanwhile) is skipped, never written under this one.
  JOIN "Post" p ON p."id" = u."postId" AND p."workspaceId" = u."workspaceId"
  JOIN "Channel" c ON c."id" = u."channelId" AND c."workspaceId" = u."workspaceId"
  -- Rows in key order: two batches writing the same posts at once take their row locks in the same order.
  ORDER BY u."postId", u."channelId"
  ON CONFLICT ("postId", "channelId") DO UPDATE SET
    ${COLUMNS.slice(2)
      .map(([name]) => `"${name}" = EXCLUDED."${name}"`)
      .join(", ")},
    "updatedAt" = now()
  WHERE "PostLatestMetric"."collectedAt" <= EXCLUDED."collectedAt"`;

/**
 * Folds snapshots into each post's latest reading per channel: a reading replaces the kept one when it was
 * collected at the same instant or later. Idempotent and order-independent; concurrent writers need no lock
 * (each row's compare-and-set is one atomic upsert). Snapshots naming a post or channel outside their workspace are
 * skipped. Returns how many rows were inserted or updated.
 * @throws the pg error when PostgreSQL refuses the statement (connection lost, …); nothing is written then.
 */
export async function recordLatestReadings(
  docs: ReadonlyArray<MetricSnapshotDoc>,
  { sql = getSql() }: { sql?: pg.Pool } = {},
): Promise<number> {
  // post/channel → latest reading of this batch (one row per key: ON CONFLICT may not touch a row twice)
  const latest = new Map<string, MetricSnapshotDoc>();
  for (const d of docs) {
    const key = `${d.postId}\u0000${d.channelId}`;
    latest.set(key, later(latest.get(key), d));
  }
  if (latest.size === 0) return 0;
  const rows = [...latest.values()];
  const result = await sql.query(
    UPSERT,
    COLUMNS.map(([name, type]) =>
      // Counts are whole numbers (the API refuses others); one computed by a collector (reach × 1.3) is rounded
      // rather than refused by the BIGINT column, so one odd reading never fails the batch.
      rows.map((r) => (type === "bigint" && typeof r[name] === "number" ? Math.round(r[name]) : r[name])),
    ),
  );
  return result.rowCount ?? 0;
}

/**
 * A post's latest reading on each channel it was measured on, by channelId; [] before the first snapshot.
 * Scoped to the workspace: another workspace's post reads as [].
 */
export async function readLatestReadings(db: Db, workspaceId: string, postId: string): Promise<ChannelReading[]> {
  const rows = await db.postLatestMetric.findMany({ where: { workspaceId, postId }, orderBy: { channelId: "asc" } });
  const count = (n: bigint) => Number(n);
  const maybe = (n: bigint | null) => (n === null ? null : Number(n));
  return rows.map((r) => ({
    channelId: r.channelId,
    platform: r.platform,
    publicationId: r.publicationId,
    publishedAt: r.publishedAt,
    collectedAt: r.collectedAt,
    impressions: maybe(r.impressions),
    reach: maybe(r.reach),
    likes: count(r.likes),
    comments: count(r.comments),
    shares: count(r.shares),
    saves: count(r.saves),
    clicks: count(r.clicks),
    followers: maybe(r.followers),
  }));
}

/** Drops the MongoDB collection that held these figures before they moved to PostgreSQL (idempotent). */
export async function dropRetiredLatestMetricsCollection(mongo: MongoDb): Promise<boolean> {
  const found = await mongo.listCollections({ name: RETIRED_COLLECTION }, { nameOnly: true }).toArray();
  if (found.length === 0) return false;
  return mongo.dropCollection(RETIRED_COLLECTION);
}
