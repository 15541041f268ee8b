import type { Db as MongoDb } from "mongodb";
import type pg from "pg";
import { getSql } from "@/lib/db/sql";
import { type MetricSnapshotDoc, metricSnapshots } from "@/lib/metrics/metric-snapshots";
import { recordLatestReadings } from "@/lib/metrics/post-latest-metrics";

const BATCH = 5_000;

/**
 * Folds every stored snapshot into the posts' latest figures ("PostLatestMetric"; idempotent: a row only moves to
 * a later reading). One pass over the snapshots — on FerretDB a full scan — in batches of 5,000, one upsert each.
 * Returns how many snapshots were read.
 */
export async function rebuildPostLatestMetrics({
  mongo,
  sql = getSql(),
}: {
  mongo: MongoDb;
  sql?: pg.Pool;
}): Promise<{ snapshots: number }> {
  const cursor = metricSnapshots(mongo).find({}).batchSize(BATCH);
  let batch: MetricSnapshotDoc[] = [];
  let snapshots = 0;
  try {
    for await (const doc of cursor) {
      batch.push(doc);
      if (batch.length < BATCH) continue;
      await recordLatestReadings(batch, { sql });
      snapshots += batch.length;
      batch = [];
    }
    await recordLatestReadings(batch, { sql });
    snapshots += batch.length;
  } finally {
    await cursor.close();
  }
  return { snapshots };
}

/**
 * rebuildPostLatestMetrics when there are snapshots but no latest figures yet (an install upgraded from before the
 * table, or from when they were kept in MongoDB); else does nothing and returns null. Run once by the worker at start.
 */
export async function backfillPostLatestMetrics({
  mongo,
  sql = getSql(),
}: {
  mongo: MongoDb;
  sql?: pg.Pool;
}): Promise<{ snapshots: number } | null> {
  const { rows } = await sql.query<{ any: boolean }>(`SELECT EXISTS (SELECT 1 FROM "PostLatestMetric") AS "any"`);
  if (rows[0]?.any) return null;
  if ((await metricSnapshots(mongo).estimatedDocumentCount()) === 0) return null;
  return rebuildPostLatestMetrics({ mongo, sql });
}
