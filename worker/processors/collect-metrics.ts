import type { Db as MongoDb } from "mongodb";
import type pg from "pg";
import type { Db } from "@/lib/db/prisma";
import { type CollectMetricsResult, collectMetrics } from "@/lib/metrics/collect-metrics";

/** Thin BullMQ processor for the metrics scheduler's jobs: one collection run per tick, whichever replica takes it. */
export function createCollectMetricsProcessor({
  db,
  sql,
  mongo,
  everyMs,
}: {
  db: Db;
  sql: pg.Pool;
  mongo: MongoDb;
  everyMs: number;
}) {
  return (): Promise<CollectMetricsResult> => collectMetrics({ db, sql, mongo, everyMs });
}
