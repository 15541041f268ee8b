import { MongoBulkWriteError, type Db as MongoDb } from "mongodb";
import { ApiError } from "@/lib/api/errors";
import { getMetricsDb } from "@/lib/db/mongo";
import type { Db } from "@/lib/db/prisma";
import { type MetricSnapshotDoc, metricSnapshots, snapshotId } from "@/lib/metrics/metric-snapshots";
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
    if (!result?.publishedAt) {
      const message = "no successful publication on this channel in your workspace";
      errors.push({ path: `snapshots.${i}.publicationId`, message });
      return;
    }
    const ageMs = s.collectedAt.getTime() - result.publishedAt.getTime();
    if (ageMs < 0) {
      errors.push({ path: `snapshots.${i}.collectedAt`, message: "is before the post was published" });
      return;
    }
    if (s.collectedAt.getTime() > now.getTime() + MAX_CLOCK_SKEW_MS) {
      errors.push({ path: `snapshots.${i}.collectedAt`, message: "is in the future" });
      return;
    }
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
    const rows = [...new Set(errors.map((e) => e.path.split(".")[1]))].join(", ");
    throw new ApiError("invalid_request", `Invalid snapshots (rows ${rows}): nothing was stored`, errors);
  }
  return upsertSnapshots(mongo, docs);
}

const NUMBERS = ["impressions", "reach", "likes", "comments", "shares", "saves", "clicks", "followers"] as const;

/**
 * Stores snapshots idempotently on their identity (snapshotId as `_id`): new ones in one unordered insertMany,
 * ones stored already are compared and replaced only if their numbers changed. Not bulk upserts: FerretDB 1.x
 * (SQLite) stalls on an unordered bulkWrite of ~100 upserts, and an insert is cheaper anyway on the common path.
 * Exported for the collection job, which builds its documents itself.
 */
export async function upsertSnapshots(mongo: MongoDb, docs: MetricSnapshotDoc[]): Promise<IngestMetricsResponse> {
  const byId = new Map(docs.map((d) => [snapshotId(d), { ...d, _id: snapshotId(d) }]));
  const counts = { inserted: 0, updated: 0, unchanged: 0 };
  if (byId.size === 0) return counts;
  const collection = metricSnapshots(mongo);
  const stored = await collection.find({ _id: { $in: [...byId.keys()] } }).toArray();
  const existing = new Map(stored.map((d) => [d._id ?? "", d]));
  const fresh = [...byId.values()].filter((d) => !existing.has(d._id));
  if (fresh.length > 0) {
    try {
      counts.inserted = (await collection.insertMany(fresh, { ordered: false })).insertedCount;
    } catch (err) {
      // A concurrent request stored some of the same snapshots first: those are duplicates, not errors.
      if (!(err instanceof MongoBulkWriteError)) throw err;
      const writeErrors = Array.isArray(err.writeErrors) ? err.writeErrors : [err.writeErrors];
      if (writeErrors.some((e) => e.code !== 11000)) throw err;
      counts.inserted = err.insertedCount;
      counts.unchanged += writeErrors.length;
    }
  }
  for (const [id, before] of existing) {
    const after = byId.get(id);
    if (!after) continue;
    if (NUMBERS.every((k) => before[k] === after[k])) {
      counts.unchanged++;
      continue;
    }
    await collection.replaceOne({ _id: id }, after);
    counts.updated++;
  }
  return counts;
}
