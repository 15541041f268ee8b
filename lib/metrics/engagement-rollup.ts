import type { Collection, Db as MongoDb } from "mongodb";
import type pg from "pg";
import { getMetricsDb } from "@/lib/db/mongo";
import { getSql } from "@/lib/db/sql";
import type { Platform } from "@/lib/generated/prisma/enums";
import type { MetricSnapshotDoc } from "@/lib/metrics/metric-snapshots";

// The calculator's read model. Raw snapshots (metric_snapshots) are many per post — hourly collectors send ~50 —
// and the calculator needs one number per post: its engagement rate at the measurement age. So every write of
// snapshots also keeps, per workspace × platform × UTC day of publishing, one document listing each post
// (publication × channel) published that day with its latest reading inside [MIN_MEASURED_AGE, HORIZON].
// The calculator then reads ≤ days + 1 documents by `_id`, whatever the number of snapshots or other workspaces.
// `_id` equality is also the only filter FerretDB 1.x pushes down to SQLite; every other filter scans the whole
// collection (internal/backends/sqlite/collection.go), which made the raw-snapshot query take ~44 s at 180,000
// snapshots.

export const ENGAGEMENT_ROLLUP = "engagement_rollup";

const HOUR_MS = 3_600_000;
const DAY_MS = 24 * HOUR_MS;
/** Engagement is read at this age for every post: the latest snapshot taken no later than 72 h after publishing. */
export const MEASUREMENT_HORIZON_MS = 72 * HOUR_MS;
/** …and no earlier than 24 h after, so a post caught only at 1 h does not compete with posts read at 72 h. */
export const MIN_MEASURED_AGE_MS = 24 * HOUR_MS;

/** Namespace of the per-workspace advisory lock that serializes rollup writes; "ROLL" in ASCII. */
const LOCK_CLASS = 0x524f4c4c;

/** One post (publication × channel) as the calculator sees it: its reading at the latest age inside the band. */
export interface RolledUpPost {
  publicationId: string;
  channelId: string;
  postId: string;
  publishedAt: Date;
  /** Age of the reading used (collectedAt − publishedAt), within [MIN_MEASURED_AGE_MS, MEASUREMENT_HORIZON_MS]. */
  ageMs: number;
  /** engagementRate() of that reading; null when neither reach nor followers was known. */
  rate: number | null;
}

/**
 * Posts of one workspace on one platform published on one UTC day. The posts are one JSON string of tuples
 * (encodeDayPosts), not an array of sub-documents: FerretDB converts every value of a document between SQLite JSON
 * and BSON, so 88 days of ~230 posts as sub-documents took ~4 s to read, as one string each ~10× less.
 */
export interface EngagementDayDoc {
  /** rollupDayId(): `<workspaceId>/<platform>/<YYYY-MM-DD>`. */
  _id: string;
  workspaceId: string;
  platform: Platform;
  day: string;
  /** How many posts `posts` holds (readable without decoding it). */
  count: number;
  /** JSON: `[[publicationId, channelId, postId, publishedAt ms, ageMs, rate|null], …]`, by publish time. */
  posts: string;
  updatedAt: Date;
}

type PostTuple = [string, string, string, number, number, number | null];

export function encodeDayPosts(posts: ReadonlyArray<RolledUpPost>): string {
  const tuples: PostTuple[] = [...posts]
    .sort((a, b) => a.publishedAt.getTime() - b.publishedAt.getTime())
    .map((p) => [p.publicationId, p.channelId, p.postId, p.publishedAt.getTime(), p.ageMs, p.rate]);
  return JSON.stringify(tuples);
}

export function decodeDayPosts(doc: Pick<EngagementDayDoc, "posts"> | null): RolledUpPost[] {
  // Not a string: a document written in another shape (none shipped); it is rewritten whole on the next fold.
  if (typeof doc?.posts !== "string") return [];
  return (JSON.parse(doc.posts) as PostTuple[]).map(([publicationId, channelId, postId, publishedAt, ageMs, rate]) => ({
    publicationId,
    channelId,
    postId,
    publishedAt: new Date(publishedAt),
    ageMs,
    rate,
  }));
}

/** likes + comments + shares + saves + clicks over reach, or over followers where reach is unknown; else null. */
export function engagementRate(s: {
  likes: number;
  comments: number;
  shares: number;
  saves: number;
  clicks: number;
  reach: number | null;
  followers: number | null;
}): number | null {
  const engagement = s.likes + s.comments + s.shares + s.saves + s.clicks;
  if (s.reach !== null && s.reach > 0) return engagement / s.reach;
  if (s.followers !== null && s.followers > 0) return engagement / s.followers;
  return null;
}

export const isMeasuredAge = (ageMs: number) => ageMs >= MIN_MEASURED_AGE_MS && ageMs <= MEASUREMENT_HORIZON_MS;

export function rollupDayId(workspaceId: string, platform: Platform, publishedAt: Date): string {
  return `${workspaceId}/${platform}/${publishedAt.toISOString().slice(0, 10)}`;
}

/** The ids of every UTC day touching [since, until], oldest first. */
export function rollupDayIds(workspaceId: string, platform: Platform, since: Date, until: Date): string[] {
  const ids: string[] = [];
  for (let t = Math.floor(since.getTime() / DAY_MS) * DAY_MS; t <= until.getTime(); t += DAY_MS) {
    ids.push(rollupDayId(workspaceId, platform, new Date(t)));
  }
  return ids;
}

export function engagementRollup(db: MongoDb = getMetricsDb()): Collection<EngagementDayDoc> {
  return db.collection<EngagementDayDoc>(ENGAGEMENT_ROLLUP);
}

const postKey = (p: { publicationId: string; channelId: string }) => `${p.publicationId}/${p.channelId}`;

/** Runs `fn` holding the workspace's rollup lock (a transaction-scoped PostgreSQL advisory lock). */
async function withRollupLock<T>(pool: pg.Pool, workspaceId: string, fn: () => Promise<T>): Promise<T> {
  const client = await pool.connect();
  try {
    await client.query("BEGIN");
    await client.query("SELECT pg_advisory_xact_lock($1::int4, hashtext($2))", [LOCK_CLASS | 0, workspaceId]);
    const result = await fn();
    await client.query("COMMIT");
    return result;
  } catch (err) {
    await client.query("ROLLBACK").catch(() => undefined);
    throw err;
  } finally {
    client.release();
  }
}

/** Runs `fn` over `items` with at most `limit` in flight. */
async function eachLimited<T>(items: T[], limit: number, fn: (item: T) => Promise<void>): Promise<void> {
  let next = 0;
  const lanes = Array.from({ length: Math.min(limit, items.length) }, async () => {
    while (next < items.length) {
      const item = items[next++] as T;
      await fn(item);
    }
  });
  await Promise.all(lanes);
}

/**
 * Folds stored snapshots into the rollup: for each post, a reading inside the measurement band replaces the one
 * kept when it is at least as old (same age = the same snapshot re-sent, possibly with corrected numbers).
 * Readings outside the band are ignored. Idempotent and order-independent: any interleaving of the same snapshots
 * ends with the same rollup. Writers of one workspace are serialized by a PostgreSQL advisory lock, because
 * FerretDB applies an update as an unlocked read-modify-write of the whole document (a concurrent update to the
 * same day would be lost). Returns how many day documents were written.
 */
export async function recordMeasuredReadings(
  docs: ReadonlyArray<MetricSnapshotDoc>,
  { mongo = getMetricsDb(), sql = getSql() }: { mongo?: MongoDb; sql?: pg.Pool } = {},
): Promise<number> {
  // day id → post key → best reading of this batch
  const byDay = new Map<string, Map<string, RolledUpPost>>();
  const meta = new Map<string, { workspaceId: string; platform: Platform; day: string }>();
  for (const d of docs) {
    if (!isMeasuredAge(d.ageMs)) continue;
    const dayId = rollupDayId(d.workspaceId, d.platform, d.publishedAt);
    const posts = byDay.get(dayId) ?? new Map<string, RolledUpPost>();
    byDay.set(dayId, posts);
    meta.set(dayId, { workspaceId: d.workspaceId, platform: d.platform, day: dayId.slice(-10) });
    const seen = posts.get(postKey(d));
    if (seen && seen.ageMs > d.ageMs) continue;
    posts.set(postKey(d), {
      publicationId: d.publicationId,
      channelId: d.channelId,
      postId: d.postId,
      publishedAt: d.publishedAt,
      ageMs: d.ageMs,
      rate: engagementRate(d),
    });
  }
  const byWorkspace = new Map<string, Array<[string, Map<string, RolledUpPost>]>>();
  for (const entry of byDay) {
    const workspaceId = meta.get(entry[0])?.workspaceId ?? "";
    const days = byWorkspace.get(workspaceId) ?? [];
    days.push(entry);
    byWorkspace.set(workspaceId, days);
  }
  const collection = engagementRollup(mongo);
  let written = 0;
  for (const [workspaceId, days] of byWorkspace) {
    await withRollupLock(sql, workspaceId, () =>
      eachLimited(days, 4, async ([dayId, incoming]) => {
        const stored = await collection.findOne({ _id: dayId });
        const posts = new Map(decodeDayPosts(stored).map((p) => [postKey(p), p]));
        let changed = false;
        for (const [key, reading] of incoming) {
          const kept = posts.get(key);
          if (kept && (kept.ageMs > reading.ageMs || (kept.ageMs === reading.ageMs && kept.rate === reading.rate))) {
            continue;
          }
          posts.set(key, reading);
          changed = true;
        }
        if (!changed) return;
        const info = meta.get(dayId);
        if (!info) return;
        await collection.replaceOne(
          { _id: dayId },
          { ...info, count: posts.size, posts: encodeDayPosts([...posts.values()]), updatedAt: new Date() },
          { upsert: true },
        );
        written++;
      }),
    );
  }
  return written;
}

/**
 * Every post of `platform` in the workspace published in [since, until] with a measured rate, read from the
 * rollup by `_id` (one document per UTC day, fetched a few at a time).
 */
export async function loadRolledUpPosts(input: {
  mongo: MongoDb;
  workspaceId: string;
  platform: Platform;
  since: Date;
  until: Date;
}): Promise<RolledUpPost[]> {
  const collection = engagementRollup(input.mongo);
  const ids = rollupDayIds(input.workspaceId, input.platform, input.since, input.until);
  const days: Array<EngagementDayDoc | null> = new Array(ids.length).fill(null);
  await eachLimited(
    ids.map((id, i) => [id, i] as const),
    8,
    async ([id, i]) => {
      days[i] = await collection.findOne({ _id: id });
    },
  );
  const since = input.since.getTime();
  const until = input.until.getTime();
  return days.flatMap((day) =>
    decodeDayPosts(day).filter((p) => p.publishedAt.getTime() >= since && p.publishedAt.getTime() <= until),
  );
}
