import { pathToFileURL } from "node:url";
import { getMongoClient } from "@/lib/db/mongo";
import { createPrismaClient, type Db } from "@/lib/db/prisma";
import { createRedis } from "@/lib/db/redis";
import { rotateEvergreen } from "@/lib/evergreen/evergreen-rotation";
import { createPublishQueue } from "@/lib/queue/publish-queue";
import { MAX_ROTATION_BATCH } from "@/lib/schemas/evergreen";
import { fmtMs, fmtRate, quantile } from "./stats";

// Evergreen rotation of 1,000 posts through the real service (PostgreSQL, Redis, the metrics store for
// suggestTimes). Not a test: it reports wall time and posts/s. Alone: `npm run stack -- exec --profile bench --
// tsx bench/evergreen.ts`; bench/run.ts includes the section benchEvergreen() returns.

const ELIGIBLE = 1_000;
/** Also in the library but published within EVERGREEN_MIN_INTERVAL_DAYS: each rotation must skip them. */
const RECENT = 100;
const RUNS = 3;
const DAY = 86_400_000;

type Mode = { name: string; batch: number };
type Run = { ms: number; scheduled: number; skipped: number; jobs: number; calls: number };

/** A fresh workspace with two channels and ELIGIBLE + RECENT evergreen posts of varied publish history. */
async function seed(db: Db, runId: string) {
  const workspace = await db.workspace.create({
    data: { name: `bench evergreen ${runId}`, timezone: "Europe/Berlin" },
  });
  const channels = await Promise.all(
    // Two platforms that can publish (a rotation skips posts on channels that cannot: README "Channels").
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
  const now = Date.now();
  const posts = Array.from({ length: ELIGIBLE + RECENT }, (_, i) => {
    const recent = i >= ELIGIBLE;
    const never = !recent && i % 5 === 0; // a fifth never published
    const lastDays = recent ? 1 + (i % 6) : 8 + ((i * 37) % 400);
    return {
      id: `bench-evg-${runId}-${i}`,
      workspaceId: workspace.id,
      content: `Evergreen tip #${i}: something worth saying again.`,
      tags: ["evergreen", i % 3 === 0 ? "tips" : "links"],
      status: never ? ("DRAFT" as const) : ("PUBLISHED" as const),
      publishCount: never ? 0 : 1 + ((i * 7) % 30),
      lastPublishedAt: never ? null : new Date(now - lastDays * DAY),
      createdAt: new Date(now - (500 + (i % 97)) * DAY),
    };
  });
  await db.post.createMany({ data: posts });
  await db.postChannel.createMany({
    data: posts.map((p, i) => ({ postId: p.id, channelId: (channels[i % 2] as { id: string }).id })),
  });
  return workspace.id;
}

async function runOnce(db: Db, mode: Mode, runId: string): Promise<Run> {
  const redis = createRedis("producer");
  const queue = createPublishQueue(redis, `bench-evergreen-${runId}`);
  const workspaceId = await seed(db, runId);
  try {
    let scheduled = 0;
    let skipped = 0;
    let calls = 0;
    const started = performance.now();
    for (;;) {
      const result = await rotateEvergreen({ db, queue, workspaceId, count: mode.batch });
      calls += 1;
      scheduled += result.scheduled.length;
      skipped = result.skipped.filter((s) => s.reason === "published_recently").length;
      if (result.scheduled.length === 0 || scheduled >= ELIGIBLE) break;
    }
    const ms = performance.now() - started;
    const jobs = await queue.getJobCountByTypes("delayed", "waiting");
    return { ms, scheduled, skipped, jobs, calls };
  } finally {
    await queue.obliterate({ force: true });
    await queue.close();
    await redis.quit();
    await db.workspace.delete({ where: { id: workspaceId } });
  }
}

/** Markdown section for bench/RESULTS.md; also printed when this file runs alone. */
export async function benchEvergreen(): Promise<string> {
  const db = createPrismaClient();
  const modes: Mode[] = [
    { name: `API batches of ${MAX_ROTATION_BATCH} (the route's maximum count)`, batch: MAX_ROTATION_BATCH },
    { name: `one service call, count ${ELIGIBLE.toLocaleString("en")}`, batch: ELIGIBLE },
  ];
  const rows: string[] = [];
  try {
    for (const mode of modes) {
      const runs: Run[] = [];
      for (let r = 0; r < RUNS; r++)
        runs.push(await runOnce(db, mode, `${Date.now().toString(36)}-${mode.batch}-${r}`));
      const ms = quantile(
        runs.map((x) => x.ms),
        0.5,
      );
      const ok = runs.every((x) => x.scheduled === ELIGIBLE && x.jobs === ELIGIBLE && x.skipped === RECENT);
      rows.push(
        `| ${mode.name} | ${runs[0]?.calls} | ${fmtMs(ms)} | ${runs.map((x) => fmtMs(x.ms)).join(", ")} | ${fmtRate(
          (ELIGIBLE / ms) * 1000,
        )} | ${ok ? `${ELIGIBLE} scheduled, ${ELIGIBLE} jobs, ${RECENT} skipped` : JSON.stringify(runs)} |`,
      );
    }
  } finally {
    await db.$disconnect();
    await getMongoClient().close();
  }
  return [
    "## Evergreen rotation of 1,000 posts",
    "",
    `A workspace with ${(ELIGIBLE + RECENT).toLocaleString("en")} evergreen posts on two channels (SANDBOX, WEBHOOK): ` +
      `${ELIGIBLE.toLocaleString("en")} eligible with varied history (a fifth never published, the rest 1-30 runs, ` +
      `last 8-400 days ago) and ${RECENT} published within the minimum interval. Each run rotates until all ` +
      `${ELIGIBLE.toLocaleString("en")} are scheduled (priority, times from suggestTimes, checks, compare-and-set, ` +
      `jobs, one transaction per call); the workspace has no metrics, so the times come from the platform defaults. ` +
      `Median of ${RUNS} runs, each on a fresh workspace and queue; seeding is not timed.`,
    "",
    "| mode | calls | wall (median) | runs | posts/s | checked |",
    "|---|---|---|---|---|---|",
    ...rows,
    "",
  ].join("\n");
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  benchEvergreen().then(
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
