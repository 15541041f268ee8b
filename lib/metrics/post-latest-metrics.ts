import type { Collection, Db as MongoDb } from "mongodb";
import type pg from "pg";
import { getMetricsDb } from "@/lib/db/mongo";
import { getSql } from "@/lib/db/sql";
import type { MetricSnapshotDoc } from "@/lib/metrics/metric-snapshots";

// The sent card's read model: per post, the latest snapshot of each channel it went out on. A per-post read of
// metric_snapshots would filter on postId — and FerretDB 1.x answers only a filter that is exactly `{ _id: <string> }`
// from SQLite's primary key; any other filter, even with a secondary index on that field, reads the whole collection
// (FerretDB v1.24.2 internal/backends/sqlite/collection.go, Query: `if params.Filter.Len() == 1 { … "_id" … }`).
// So the "index" the per-post read needs is this document's `_id`, `<workspaceId>/<postId>`: one primary-key
// lookup on FerretDB and on MongoDB alike, workspace-scoped by construction, kept by every snapshot write.

export const POST_LATEST_METRICS = "post_latest_metrics";

/** Namespace of the per-workspace advisory lock serializing writes of these documents; "LAST" in ASCII. */
const LOCK_CLASS = 0x4c415354;

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

export interface PostLatestMetricsDoc {
  /** postLatestMetricsId(): `<workspaceId>/<postId>`. */
  _id: string;
  workspaceId: string;
  postId: string;
  /** One per channel, by channelId. */
  channels: ChannelReading[];
  updatedAt: Date;
}

export const postLatestMetricsId = (workspaceId: string, postId: string) => `${workspaceId}/${postId}`;

export function postLatestMetrics(db: MongoDb = getMetricsDb()): Collection<PostLatestMetricsDoc> {
  return db.collection<PostLatestMetricsDoc>(POST_LATEST_METRICS);
}

function readingOf(d: MetricSnapshotDoc): ChannelReading {
  return {
    channelId: d.channelId,
    platform: d.platform,
    publicationId: d.publicationId,
    publishedAt: d.publishedAt,
    collectedAt: d.collectedAt,
    impressions: d.impressions,
    reach: d.reach,
    likes: d.likes,
    comments: d.comments,
    shares: d.shares,
    saves: d.saves,
    clicks: d.clicks,
    followers: d.followers,
  };
}

/** The later of two readings of a channel; at the same instant `next` wins (the same snapshot, numbers corrected). */
const later = (kept: ChannelReading | undefined, next: ChannelReading) =>
  kept && kept.collectedAt.getTime() > next.collectedAt.getTime() ? kept : next;

/**
 * Folds snapshots into each post's latest-per-channel document: a reading replaces the kept one of its channel when
 * it was collected at the same instant or later. Idempotent and order-independent. Writers of one workspace are
 * serialized by a PostgreSQL advisory lock (FerretDB applies a replace as an unlocked read-modify-write, so two
 * concurrent folds into one post would lose one). Returns how many post documents were written.
 */
export async function recordLatestReadings(
  docs: ReadonlyArray<MetricSnapshotDoc>,
  { mongo = getMetricsDb(), sql = getSql() }: { mongo?: MongoDb; sql?: pg.Pool } = {},
): Promise<number> {
  // workspace → post → channel → latest reading of this batch
  const byWorkspace = new Map<string, Map<string, Map<string, ChannelReading>>>();
  for (const d of docs) {
    const posts = byWorkspace.get(d.workspaceId) ?? new Map<string, Map<string, ChannelReading>>();
    byWorkspace.set(d.workspaceId, posts);
    const channels = posts.get(d.postId) ?? new Map<string, ChannelReading>();
    posts.set(d.postId, channels);
    channels.set(d.channelId, later(channels.get(d.channelId), readingOf(d)));
  }
  const collection = postLatestMetrics(mongo);
  let written = 0;
  for (const [workspaceId, posts] of byWorkspace) {
    const client = await sql.connect();
    try {
      await client.query("BEGIN");
      await client.query("SELECT pg_advisory_xact_lock($1::int4, hashtext($2))", [LOCK_CLASS | 0, workspaceId]);
      for (const [postId, incoming] of posts) {
        const _id = postLatestMetricsId(workspaceId, postId);
        const before = await collection.findOne({ _id });
        const merged = new Map((before?.channels ?? []).map((c) => [c.channelId, c]));
        let changed = !before;
        for (const [channelId, reading] of incoming) {
          const kept = merged.get(channelId);
          const next = later(kept, reading);
          if (next !== kept) {
            merged.set(channelId, next);
            changed = true;
          }
        }
        if (!changed) continue;
        const channels = [...merged.values()].sort((a, b) => a.channelId.localeCompare(b.channelId));
        const doc = { workspaceId, postId, channels, updatedAt: new Date() };
        // A post's first reading is an insert: FerretDB 1.x finds an update's or replace's document by scanning the
        // whole collection (14 ms each at 10,000 documents, growing with it; an insert or an `_id` find is ~0.5 ms),
        // which made loading 1,000,000 snapshots 13× slower (577 docs/s, bench/RESULTS.md). No other writer of this
        // workspace runs meanwhile (the lock above), so the find and the insert cannot race.
        if (before) await collection.replaceOne({ _id }, doc);
        else await collection.insertOne({ _id, ...doc });
        written++;
      }
      await client.query("COMMIT");
    } catch (err) {
      await client.query("ROLLBACK").catch(() => undefined);
      throw err;
    } finally {
      client.release();
    }
  }
  return written;
}
