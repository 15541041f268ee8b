import { randomUUID } from "node:crypto";
import { pathToFileURL } from "node:url";
import { createMongoClient, getMetricsDb } from "@/lib/db/mongo";
import { createPrismaClient } from "@/lib/db/prisma";
import { createSqlPool } from "@/lib/db/sql";
import {
  engagementRollup,
  MEASUREMENT_HORIZON_MS,
  MIN_MEASURED_AGE_MS,
  rollupDayIds,
} from "@/lib/metrics/engagement-rollup";
import { upsertSnapshots } from "@/lib/metrics/ingest-snapshots";
import { measuredWindow } from "@/lib/metrics/load-measured-posts";
import { type MetricSnapshotDoc, metricSnapshots, snapshotId } from "@/lib/metrics/metric-snapshots";
import { getOptimalTimes } from "@/lib/optimal-times/optimal-times";
import { quantile } from "./stats";

// Optimal-times latency for a workspace with 20,000 published posts and up to 1,000,000 metric snapshots
// (50 per post: hourly for 48 h, then 72 h and 7 days — 26 of them inside the calculator's 24-72 h band), next to
// the bare MongoDB reads of the same data: the rollup days by `_id` (what the calculator reads) and, for scale, the
// raw-snapshot query a calculator without the rollup would run. Snapshots go in through upsertSnapshots, the
// store of POST /api/metrics and the collection job (insert + rollup fold), in batches of 10,000. Loading stops at
// LOAD_BUDGET_MS (15 min; env BENCH_METRICS_LOAD_BUDGET_MS), timing at CALL_BUDGET_MS per series (90 s;
// BENCH_METRICS_CALL_BUDGET_MS): whatever was loaded by then is what is measured, and the output says so
// (nothing is extrapolated). Cleans up after itself.
// Alone: `npm run stack -- exec --profile bench -- npx tsx bench/optimal-times.ts` prints the section.

const POSTS = 20_000;
const SNAPSHOTS_PER_POST = 50;
const AGES_H = [...Array.from({ length: 48 }, (_, i) => i + 1), 72, 168];
const BATCH = 10_000;
const LOAD_BUDGET_MS = Number(process.env.BENCH_METRICS_LOAD_BUDGET_MS ?? 15 * 60_000);
const CALLS = 20;
const CALL_BUDGET_MS = Number(process.env.BENCH_METRICS_CALL_BUDGET_MS ?? 90_000);
const DAY = 86_400_000;
const HOUR = 3_600_000;
/** Collection marking the metrics collections as this bench's own while a run loads them (see below). */
const OWNER_MARKER = "bench_optimal_owner";

async function timeCalls(fn: () => Promise<unknown>): Promise<number[]> {
  const times: number[] = [];
  const started = Date.now();
  for (let i = 0; i < CALLS && Date.now() - started < CALL_BUDGET_MS; i++) {
    const t = performance.now();
    await fn();
    times.push(performance.now() - t);
  }
  return times;
}

const fmt = (ms: number) => `${Math.round(ms)} ms`;
/** Progress on stderr (the section itself is the return value / stdout). */
const progress = (message: string) => process.stderr.write(`[bench:optimal-times] ${message}\n`);

export async function benchOptimalTimes(): Promise<string> {
  const db = createPrismaClient();
  const sql = createSqlPool(undefined, 4);
  const client = createMongoClient();
  const mongo = getMetricsDb(client);
  const now = new Date();
  const insertedIds: string[] = [];
  // The bench profile has its own servers: when the collections start empty they are ours, and dropping them is the
  // one cleanup FerretDB does quickly (deleting 10^5 documents by id takes it many minutes; 10^6 would take hours).
  // A marker document says so while a run owns them; a run killed before its cleanup leaves it behind, and the next
  // run then knows the documents it finds are that run's leftovers and drops them first.
  const marker = mongo.collection<{ _id: string; startedAt: Date }>(OWNER_MARKER);
  if (await marker.findOne({ _id: "owner" })) {
    progress("dropping the metrics collections an interrupted run left behind");
    await metricSnapshots(mongo)
      .drop()
      .catch(() => false);
    await engagementRollup(mongo)
      .drop()
      .catch(() => false);
    await marker.drop();
  }
  const ownsCollection =
    (await metricSnapshots(mongo).estimatedDocumentCount()) === 0 &&
    (await engagementRollup(mongo).estimatedDocumentCount()) === 0;
  if (ownsCollection) await marker.insertOne({ _id: "owner", startedAt: now });
  const workspace = await db.workspace.create({
    data: { name: `bench-optimal-${randomUUID()}`, timezone: "Europe/Berlin" },
  });
  try {
    const channel = await db.channel.create({
      data: { workspaceId: workspace.id, platform: "INSTAGRAM", displayName: "bench history", active: false },
    });
    // 20,000 posts over the 90 days before the horizon, each published once on the channel.
    const posts = Array.from({ length: POSTS }, (_, i) => ({
      id: `bench-${randomUUID()}`,
      publicationId: `bench-${randomUUID()}`,
      publishedAt: new Date(now.getTime() - MEASUREMENT_HORIZON_MS - Math.floor(((i + 0.5) / POSTS) * 87 * DAY)),
    }));
    const pgStarted = performance.now();
    for (let i = 0; i < POSTS; i += 5_000) {
      const chunk = posts.slice(i, i + 5_000);
      await db.post.createMany({
        data: chunk.map((p) => ({
          id: p.id,
          workspaceId: workspace.id,
          content: "bench",
          status: "PUBLISHED" as const,
          scheduledAt: p.publishedAt,
          publishCount: 1,
          lastPublishedAt: p.publishedAt,
          version: 1,
        })),
      });
      await db.publication.createMany({
        data: chunk.map((p) => ({
          id: p.publicationId,
          workspaceId: workspace.id,
          postId: p.id,
          postVersion: 1,
          status: "SUCCEEDED" as const,
          scheduledAt: p.publishedAt,
          startedAt: p.publishedAt,
          finishedAt: p.publishedAt,
        })),
      });
      await db.publicationResult.createMany({
        data: chunk.map((p) => ({
          publicationId: p.publicationId,
          channelId: channel.id,
          platform: "INSTAGRAM" as const,
          status: "SUCCEEDED" as const,
          idempotencyKey: p.publicationId,
          publishedAt: p.publishedAt,
        })),
      });
    }
    const pgMs = performance.now() - pgStarted;
    progress(`${POSTS} posts in PostgreSQL in ${fmt(pgMs)}`);

    // Snapshots, post by post, in unordered batches of 10,000, until all are in or the load budget is spent.
    const target = POSTS * SNAPSHOTS_PER_POST;
    let loaded = 0;
    let batch: MetricSnapshotDoc[] = [];
    const loadStarted = performance.now();
    const collection = metricSnapshots(mongo);
    outer: for (const [i, p] of posts.entries()) {
      for (const ageH of AGES_H) {
        const collectedAt = new Date(p.publishedAt.getTime() + ageH * HOUR);
        const reach = 800 + (i % 400);
        const likes = Math.round(reach * (0.02 + (((i * 7919) % 100) / 100) * 0.03) * Math.min(1, ageH / 72));
        batch.push({
          _id: snapshotId({ publicationId: p.publicationId, channelId: channel.id, collectedAt }),
          workspaceId: workspace.id,
          postId: p.id,
          publicationId: p.publicationId,
          channelId: channel.id,
          platform: "INSTAGRAM",
          publishedAt: p.publishedAt,
          collectedAt,
          ageMs: ageH * HOUR,
          impressions: Math.round(reach * 1.3),
          reach,
          likes,
          comments: likes >> 3,
          shares: likes >> 4,
          saves: likes >> 4,
          clicks: likes >> 5,
          followers: 10_000,
        });
        if (batch.length === BATCH) {
          await upsertSnapshots(mongo, batch, sql);
          loaded += batch.length;
          for (const d of batch) insertedIds.push(d._id ?? "");
          batch = [];
          if (loaded % 100_000 === 0) progress(`${loaded} snapshots after ${fmt(performance.now() - loadStarted)}`);
          if (performance.now() - loadStarted > LOAD_BUDGET_MS) break outer;
        }
      }
    }
    if (batch.length > 0 && loaded < target) {
      await upsertSnapshots(mongo, batch, sql);
      loaded += batch.length;
      for (const d of batch) insertedIds.push(d._id ?? "");
    }
    const loadMs = performance.now() - loadStarted;
    progress(`loaded ${loaded} snapshots in ${fmt(loadMs)}; timing calls`);

    let last: Awaited<ReturnType<typeof getOptimalTimes>> | undefined;
    const ours = await timeCalls(async () => {
      last = await getOptimalTimes({ db, mongo, workspaceId: workspace.id, platform: "INSTAGRAM", now });
    });
    progress(`optimal-times: ${ours.map((t) => fmt(t)).join(", ")}`);
    const { since, until } = measuredWindow(90, now);
    const dayIds = rollupDayIds(workspace.id, "INSTAGRAM", since, until);
    let rolledUp = 0;
    const bare = await timeCalls(async () => {
      const days = await Promise.all(dayIds.map((id) => engagementRollup(mongo).findOne({ _id: id })));
      rolledUp = days.reduce((n, d) => n + (d?.count ?? 0), 0);
    });
    progress(`bare rollup read: ${bare.map((t) => fmt(t)).join(", ")}`);
    // What a calculator without the rollup reads: the snapshots in the band, latest per post picked client-side.
    let read = 0;
    const raw = await timeCalls(async () => {
      read = 0;
      const filter = {
        workspaceId: workspace.id,
        platform: "INSTAGRAM" as const,
        publishedAt: { $gte: since, $lte: until },
        ageMs: { $gte: MIN_MEASURED_AGE_MS, $lte: MEASUREMENT_HORIZON_MS },
      };
      const projection = { _id: 0, publicationId: 1, ageMs: 1, reach: 1, likes: 1 };
      for await (const _ of collection.find(filter, { projection }).batchSize(10_000)) read++;
    });
    progress(`raw snapshot query: ${raw.map((t) => fmt(t)).join(", ")}`);
    const row = (name: string, t: number[]) =>
      `| ${name} | ${t.length} | ${fmt(quantile(t, 0.5))} | ${fmt(quantile(t, 0.95))} | ${fmt(Math.max(...t))} |`;
    const complete = loaded >= target;
    return [
      "## Optimal-time calculator",
      "",
      `Workspace with ${POSTS.toLocaleString("en")} published Instagram posts (PostgreSQL, loaded in ${fmt(pgMs)}) and ` +
        `${loaded.toLocaleString("en")} metric snapshots in the MongoDB-compatible server at MONGODB_URL (FerretDB 1.24 on SQLite unless mongod is on PATH), ` +
        `loaded in ${fmt(loadMs)} (${Math.round(loaded / (loadMs / 1000)).toLocaleString("en")} docs/s, unordered batches of ${BATCH.toLocaleString("en")}).`,
      complete
        ? ""
        : `**Only ${loaded.toLocaleString("en")} of ${target.toLocaleString("en")} snapshots were loaded within the ${fmt(LOAD_BUDGET_MS)} load budget on this machine; the figures below are for that many, not extrapolated.**`,
      "",
      `Each call reads the ${dayIds.length} rollup days of the 90-day window by \`_id\` ` +
        `(${rolledUp.toLocaleString("en")} posts; ${(last?.basedOnPosts ?? 0).toLocaleString("en")} measured, fallback: ${last?.fallback}); ` +
        `the raw query reads the ${read.toLocaleString("en")} snapshots in the 24-72 h band.`,
      "",
      "| what | calls | p50 | p95 | max |",
      "|---|---|---|---|---|",
      row("GET optimal-times (getOptimalTimes: rollup read + winsorize/shrink/score)", ours),
      row("bare MongoDB reads of the same rollup days (findOne by _id, all at once)", bare),
      row("bare MongoDB find of the raw snapshots in the band (no rollup), cursor drained", raw),
      "",
    ]
      .filter((line, i, all) => !(line === "" && all[i - 1] === ""))
      .join("\n");
  } finally {
    // By _id in chunks: one deleteMany over the workspace makes FerretDB/SQLite fail with "too many SQL variables".
    progress("cleaning up");
    try {
      if (ownsCollection) {
        await metricSnapshots(mongo).drop();
        await engagementRollup(mongo).drop();
        await marker.drop();
      } else
        for (let i = 0; i < insertedIds.length; i += 1_000) {
          await metricSnapshots(mongo).deleteMany({ _id: { $in: insertedIds.slice(i, i + 1_000) } });
        }
      if (!ownsCollection) await engagementRollup(mongo).deleteMany({ workspaceId: workspace.id });
      await db.workspace.delete({ where: { id: workspace.id } });
    } catch (err) {
      progress(`cleanup failed (workspace ${workspace.id}): ${err instanceof Error ? err.message : String(err)}`);
    }
    await client.close();
    await sql.end();
    await db.$disconnect();
  }
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? "").href) {
  benchOptimalTimes()
    .then((section) => {
      process.stdout.write(`${section}\n`);
      process.exit(0);
    })
    .catch((err: unknown) => {
      process.stderr.write(`${err instanceof Error ? err.stack : String(err)}\n`);
      process.exit(1);
    });
}
