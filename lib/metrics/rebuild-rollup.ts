import type { Db as MongoDb } from "mongodb";
import type pg from "pg";
import { getSql } from "@/lib/db/sql";
import {
  engagementRollup,
  MEASUREMENT_HORIZON_MS,
  MIN_MEASURED_AGE_MS,
  recordMeasuredReadings,
} from "@/lib/metrics/engagement-rollup";
import { type MetricSnapshotDoc, metricSnapshots } from "@/lib/metrics/metric-snapshots";

const BATCH = 5_000;

/**
 * Folds every stored snapshot inside the measurement band into the rollup (idempotent: the rollup keeps the
 * latest reading per post whatever the order). One pass over the snapshots — on FerretDB a full scan — so this is
 * for an install whose snapshots predate the rollup, or after the rollup was dropped.
 */
export async function rebuildEngagementRollup({
  mongo,
  sql = getSql(),
}: {
  mongo: MongoDb;
  sql?: pg.Pool;
}): Promise<{ snapshots: number; days: number }> {
  const cursor = metricSnapshots(mongo)
    .find({ ageMs: { $gte: MIN_MEASURED_AGE_MS, $lte: MEASUREMENT_HORIZON_MS } })
    .batchSize(BATCH);
  let batch: MetricSnapshotDoc[] = [];
  const outcome = { snapshots: 0, days: 0 };
  try {
    for await (const doc of cursor) {
      batch.push(doc);
      if (batch.length < BATCH) continue;
      outcome.days += await recordMeasuredReadings(batch, { mongo, sql });
      outcome.snapshots += batch.length;
      batch = [];
    }
    outcome.days += await recordMeasuredReadings(batch, { mongo, sql });
    outcome.snapshots += batch.length;
  } finally {
    await cursor.close();
  }
  return outcome;
}

/** rebuildEngagementRollup when there are snapshots but no rollup yet (an install upgraded from before it). */
export async function backfillEngagementRollup(input: {
  mongo: MongoDb;
  sql?: pg.Pool;
}): Promise<{ snapshots: number; days: number } | null> {
  if ((await engagementRollup(input.mongo).estimatedDocumentCount()) > 0) return null;
  if ((await metricSnapshots(input.mongo).estimatedDocumentCount()) === 0) return null;
  return rebuildEngagementRollup(input);
}
