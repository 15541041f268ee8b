import type { AnyBulkWriteOperation, Db as MongoDb } from "mongodb";
import { ApiError } from "@/lib/api/errors";
import { getMetricsDb } from "@/lib/db/mongo";
import type { Db } from "@/lib/db/prisma";
import { type MetricSnapshotDoc, metricSnapshots } from "@/lib/metrics/metric-snapshots";
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

/** Upserts on the idempotency key. Exported for the collection job, which builds its documents itself. */
export async function upsertSnapshots(mongo: MongoDb, docs: MetricSnapshotDoc[]): Promise<IngestMetricsResponse> {
  if (docs.length === 0) return { inserted: 0, updated: 0, unchanged: 0 };
  const operations: AnyBulkWriteOperation<MetricSnapshotDoc>[] = docs.map((doc) => {
    const { publicationId, channelId, collectedAt, ...rest } = doc;
    return {
      updateOne: { filter: { publicationId, channelId, collectedAt }, update: { $set: rest }, upsert: true },
    };
  });
  const result = await metricSnapshots(mongo).bulkWrite(operations, { ordered: false });
  const existing = result.matchedCount;
  return { inserted: result.upsertedCount, updated: result.modifiedCount, unchanged: existing - result.modifiedCount };
}
