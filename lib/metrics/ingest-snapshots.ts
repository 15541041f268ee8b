import { MongoBulkWriteError, type Db as MongoDb } from "mongodb";
import type pg from "pg";
import { ApiError } from "@/lib/api/errors";
import { getMetricsDb } from "@/lib/db/mongo";
import type { Db } from "@/lib/db/prisma";
import { getSql } from "@/lib/db/sql";
import { recordMeasuredReadings } from "@/lib/metrics/engagement-rollup";
import { type MetricSnapshotDoc, metricSnapshots, snapshotId } from "@/lib/metrics/metric-snapshots";
import { recordLatestReadings } from "@/lib/metrics/post-latest-metrics";
import type { IngestMetricsResponse, SnapshotInput } from "@/lib/schemas/metrics";

/** A snapshot may claim to be from a little in the future (clock skew between us and a collector). */
const MAX_CLOCK_SKEW_MS = 5 * 60_000;

type RowError = { path: string; message: string };

/**
 * Stores a batch of snapshots (already shape-checked by zod) for the workspace. Every row must name a channel
 * on which a publication of this workspace succeeded, and be collected after that publish and not in the future;
 * if any row fails, nothing is written and the error names each bad row as `snapshots.<index>.<field>`.
 * Idempotent: each snapshot is an upsert on (publicationId, channelId, collectedAt), so sending a batch twice
 * stores it once. Workspace, post, platform and publish time are copied from PostgreSQL, never from the caller.
 */
export async function ingestSnapshots({
  db,
  mongo = getMetricsDb(),
  workspaceId,
  snapshots,
  now = new Date(),
}: {
  db: Db;
  mongo?: MongoDb;
  workspaceId: string;
  snapshots: SnapshotInput[];
  now?: Date;
}): Promise<IngestMetricsResponse> {
  const results = await db.publicationResult.findMany({
    where: {
      publicationId: { in: [...new Set(snapshots.map((s) => s.publicationId))] },
      publication: { workspaceId },
      channel: { workspaceId },
      status: "SUCCEEDED",
      publishedAt: { not: null },
    },
    select: { publicationId: true, channelId: true, platform: true, publishedAt: true, publication: true },
  });
  const published = new Map(results.map((r) => [`${r.publicationId}/${r.channelId}`, r]));

  const errors: RowError[] = [];
  const docs: MetricSnapshotDoc[] = [];
  snapshots.forEach((s, i) => {
    const result = published.get(`${s.publicationId}/${s.channelId}`);
    // Each field's problem is named, even beside another one in the same row (an unknown publication does not hide
    // a collectedAt in the future).
    const rowErrors: RowError[] = [];
    if (!result?.publishedAt) {
      const message = "no successful publication on this channel in your workspace";
      rowErrors.push({ path: `snapshots.${i}.publicationId`, message });
    }
    if (s.collectedAt.getTime() > now.getTime() + MAX_CLOCK_SKEW_MS) {
      rowErrors.push({ path: `snapshots.${i}.collectedAt`, message: "is in the future" });
    } else if (result?.publishedAt && s.collectedAt.getTime() < result.publishedAt.getTime()) {
      rowErrors.push({ path: `snapshots.${i}.collectedAt`, message: "is before the post was published" });
    }
    if (!result?.publishedAt || rowErrors.length > 0) {
      errors.push(...rowErrors);
      return;
    }
    const ageMs = s.collectedAt.getTime() - result.publishedAt.getTime();
    docs.push({
      ...s,
      workspaceId,
      postId: result.publication.postId,
      platform: result.platform,
      publishedAt: result.publishedAt,
      ageMs,
    });
  });
  if (errors.length > 0) {
    // Named as the details' paths name them (0-based indexes into `snapshots`), so a reader can match the two.
    const at = [...new Set(errors.map((e) => `snapshots[${e.path.split(".")[1]}]`))].join(", ");
    throw new ApiError("invalid_request", `Invalid ${at} (see details): nothing was stored`, errors);
  }
  return upsertSnapshots(mongo, docs);
}

const NUMBERS = ["impressions", "reach", "likes", "comments", "shares", "saves", "clicks", "followers"] as const;

/**
 * Stores snapshots idempotently on their identity (snapshotId as `_id`) and folds them into the calculator's
 * rollup and into each post's latest figures (post-latest-metrics.ts, the sent card's read, in PostgreSQL). All are
 * inserted in one unordered insertMany; the ones stored already come back as duplicate keys and
 * are compared, one `_id` lookup each, and replaced only if their numbers changed. Insert first, because the
 * common path is new snapshots, and because FerretDB 1.x answers only `_id` equality from an index — a
 * `{ _id: { $in } }` pre-check scans the whole collection — and stalls on bulk upserts of ~100 documents.
 * Exported for the collection job, which builds its documents itself.
 */
export async function upsertSnapshots(
  mongo: MongoDb,
  docs: MetricSnapshotDoc[],
  sql: pg.Pool = getSql(),
): Promise<IngestMetricsResponse> {
  const byId = new Map(docs.map((d) => [snapshotId(d), { ...d, _id: snapshotId(d) }]));
  const counts = { inserted: 0, updated: 0, unchanged: 0 };
  if (byId.size === 0) return counts;
  const collection = metricSnapshots(mongo);
  let duplicates: string[] = [];
  try {
    counts.inserted = (await collection.insertMany([...byId.values()], { ordered: false })).insertedCount;
  } catch (err) {
    if (!(err instanceof MongoBulkWriteError)) throw err;
    const writeErrors = Array.isArray(err.writeErrors) ? err.writeErrors : [err.writeErrors];
    if (writeErrors.some((e) => e.code !== 11000)) throw err;
    counts.inserted = err.insertedCount;
    const ids = [...byId.keys()];
    duplicates = writeErrors.map((e) => ids[e.index] ?? "");
  }
  for (const id of duplicates) {
    const after = byId.get(id);
    if (!after) continue;
    const before = await collection.findOne({ _id: id });
    if (before && NUMBERS.every((k) => before[k] === after[k])) {
      counts.unchanged++;
      continue;
    }
    await collection.replaceOne({ _id: id }, after, { upsert: true });
    counts.updated++;
  }
  await recordMeasuredReadings([...byId.values()], { mongo, sql });
  await recordLatestReadings([...byId.values()], { sql });
  return counts;
}
