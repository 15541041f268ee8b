import { pathToFileURL } from "node:url";
import Papa from "papaparse";
import { createPrismaClient, type Db } from "@/lib/db/prisma";
import { createRedis } from "@/lib/db/redis";
import { importPosts } from "@/lib/imports/import-posts";
import { IMPORT_BATCH_SIZE } from "@/lib/imports/write-imported-posts";
import { publishJobSpec } from "@/lib/queue/publish-job-spec";
import { createPublishQueue } from "@/lib/queue/publish-queue";
import { formatWallClock } from "@/lib/time/format-in-zone";
import { fmtMs, fmtRate, quantile } from "./stats";

// Bulk import: N posts from one CSV through the real importPosts (parse, every row checked, one transaction and one
// queue.addBulk per batch), next to bare `queue.addBulk` of N delayed jobs in the same batches. Not a test: it
// reports wall time and posts/s. Alone: `npm run stack -- exec --profile bench -- tsx bench/import.ts`;
// `npm run bench -- -- --only import` writes its section of bench/RESULTS.md.

const N = 10_000;
const RUNS = 3;
const DAY = 86_400_000;

type Run = { ms: number; posts: number; jobs: number };

/** A fresh workspace with two channels that can publish, and the CSV of N posts due over the next 30 days. */
async function seed(db: Db, runId: string) {
  const workspace = await db.workspace.create({ data: { name: `bench import ${runId}`, timezone: "Europe/Berlin" } });
  const channels = await Promise.all(
    (["SANDBOX", "WEBHOOK"] as const).map((platform) =>
      db.channel.create({
        data: {
          workspaceId: workspace.id,
          platform,
          displayName: `Bench ${platform}`,
          config: platform === "WEBHOOK" ? { url: "https://bench.example.test/hook" } : {},
        },
      }),
    ),
  );
  const start = Date.now() + DAY;
  const data = Array.from({ length: N }, (_, i) => [
    `Imported post #${i}: a line of text, "quoted", with a #tag.`,
    i % 3 === 0 ? channels.map((c) => c.id).join("; ") : (channels[i % 2]?.displayName ?? ""),
    // Wall-clock times in the workspace zone, spread over 30 days (every ~4 minutes).
    formatWallClock(Math.floor((start + (i * 30 * DAY) / N) / 60_000) * 60_000, false),
    "",
    i % 2 === 0 ? "bench; import" : "bench",
  ]);
  const csv = Papa.unparse({ fields: ["text", "channels", "time", "timezone", "tags"], data });
  return { workspaceId: workspace.id, csv };
}

async function runImport(db: Db, runId: string): Promise<Run> {
  const redis = createRedis("producer");
  const queue = createPublishQueue(redis, `bench-import-${runId}`);
  const { workspaceId, csv } = await seed(db, runId);
  try {
    const started = performance.now();
    const out = await importPosts({ db, queue, workspaceId, csv });
    const ms = performance.now() - started;
    const jobs = await queue.getJobCountByTypes("delayed", "waiting");
    return { ms, posts: out.imported, jobs };
  } finally {
    await queue.obliterate({ force: true });
    await queue.close();
    await redis.quit();
    await db.workspace.delete({ where: { id: workspaceId } });
  }
}

async function runBareAddBulk(runId: string): Promise<Run> {
  const redis = createRedis("producer");
  const queue = createPublishQueue(redis, `bench-import-bare-${runId}`);
  try {
    const now = Date.now();
    const jobs = Array.from({ length: N }, (_, i) =>
      publishJobSpec({
        job: { postId: `bare-${runId}-${i}`, workspaceId: "bench", version: 1 },
        scheduledAt: new Date(now + DAY + (i * 30 * DAY) / N),
        now,
      }),
    );
    const started = performance.now();
    for (let i = 0; i < jobs.length; i += IMPORT_BATCH_SIZE) await queue.addBulk(jobs.slice(i, i + IMPORT_BATCH_SIZE));
    const ms = performance.now() - started;
    return { ms, posts: N, jobs: await queue.getJobCountByTypes("delayed", "waiting") };
  } finally {
    await queue.obliterate({ force: true });
    await queue.close();
    await redis.quit();
  }
}

/** Markdown section for bench/RESULTS.md; also printed when this file runs alone. */
export async function benchImport(): Promise<string> {
  const db = createPrismaClient();
  const ours: Run[] = [];
  const bare: Run[] = [];
  try {
    for (let r = 0; r < RUNS; r++) {
      const runId = `${Date.now().toString(36)}-${r}`;
      ours.push(await runImport(db, runId));
      bare.push(await runBareAddBulk(runId));
    }
  } finally {
    await db.$disconnect();
  }
  const median = (runs: Run[]) =>
    quantile(
      runs.map((x) => x.ms),
      0.5,
    );
  const row = (name: string, runs: Run[], what: string) => {
    const ok = runs.every((x) => x.posts === N && x.jobs === N);
    return `| ${name} | ${fmtMs(median(runs))} | ${runs.map((x) => fmtMs(x.ms)).join(", ")} | ${fmtRate(
      (N / median(runs)) * 1000,
    )} | ${ok ? what : JSON.stringify(runs)} |`;
  };
  const rate = (N / median(ours)) * 1000;
  return [
    `## Bulk import of ${N.toLocaleString("en")} posts`,
    "",
    `One CSV of ${N.toLocaleString("en")} rows (wall-clock times in Europe/Berlin over the next 30 days; a third on ` +
      "both channels, SANDBOX and WEBHOOK) imported by the real `importPosts` (papaparse, every row checked with the " +
      `POST /api/posts rules, then ${IMPORT_BATCH_SIZE.toLocaleString("en")} posts per transaction with one ` +
      "`queue.addBulk` each), next to bare `queue.addBulk` of the same number of delayed jobs in the same batches. " +
      `Median of ${RUNS} runs, each on a fresh workspace and queue; seeding and building the CSV are not timed.`,
    "",
    "| path | wall (median) | runs | posts/s | checked |",
    "|---|---|---|---|---|",
    row("Cadence importPosts (parse + check + write + jobs)", ours, `${N} posts, ${N} jobs`),
    row("bare queue.addBulk", bare, `${N} jobs`),
    "",
    `Goal ≥ 2,000 posts/s: ${rate >= 2000 ? "met" : "not met"} (${fmtRate(rate)}).`,
    "",
  ].join("\n");
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  benchImport().then(
    (markdown) => {
      process.stdout.write(`${markdown}\n`);
      process.exit(0);
    },
    (err: unknown) => {
      process.stderr.write(`${err instanceof Error ? (err.stack ?? err.message) : String(err)}\n`);
      process.exit(1);
    },
  );
}
