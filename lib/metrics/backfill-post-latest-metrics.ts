import type { Db as MongoDb } from "mongodb";
import type pg from "pg";
import { getSql } from "@/lib/db/sql";
import { type MetricSnapshotDoc, metricSnapshots } from "@/lib/metrics/metric-snapshots";
import { postLatestMetrics, recordLatestReadings } from "@/lib/metrics/post-latest-metrics";

const BATCH = 5_000;

/**
 * Builds the sent card's per-post latest figures from stored snapshots when there are snapshots but none of those
 * documents yet (an install upgraded from before them); else does nothing and returns null. One pass over the
 * snapshots — on FerretDB a full scan — run once by the worker at start. Returns how many snapshots were read.
 */
export async function backfillPostLatestMetrics({
  mongo,
  sql = getSql(),
}: {
  mongo: MongoDb;
  sql?: pg.Pool;
}): Promise<{ snapshots: number } | null> {
  if ((await postLatestMetrics(mongo).estimatedDocumentCount()) > 0) return null;
  if ((await metricSnapshots(mongo).estimatedDocumentCount()) === 0) return null;
  const cursor = metricSnapshots(mongo).find({}).batchSize(BATCH);
  let batch: MetricSnapshotDoc[] = [];
  let snapshots = 0;
  try {
    for await (const doc of cursor) {
      batch.push(doc);
      if (batch.length < BATCH) continue;
      await recordLatestReadings(batch, { mongo, sql });
      snapshots += batch.length;
      batch = [];
    }
    await recordLatestReadings(batch, { mongo, sql });
    snapshots += batch.length;
  } finally {
    await cursor.close();
  }
  return { snapshots };
}
