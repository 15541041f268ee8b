import { type ChildProcess, spawn } from "node:child_process";
import path from "node:path";
import type { Db } from "@/lib/db/prisma";
import { createRedis } from "@/lib/db/redis";
import { createPublishQueue } from "@/lib/queue/publish-queue";
import { lastSweepKey, workerHeartbeatPattern } from "@/lib/queue/status-keys";
import { schedulePost } from "@/lib/scheduling/schedule-post";
import type { RunResult } from "./bare";
import { mapBounded, sleep } from "./stats";

export type OursResult = RunResult & {
  leadMs: number;
  early: number;
  /** Last PublicationResult.publishedAt − the (first) target, ms: how long the worker took to send everything. */
  drainMs: number;
  /** PublicationResults that did not succeed. */
  notSucceeded: number;
};

/** Makes the one channel every post of the run targets, in `workspaceId`; returns its id. */
export type MakeChannel = (db: Db, workspaceId: string) => Promise<string>;

const sandboxChannel: MakeChannel = async (db, workspaceId) =>
  (await db.channel.create({ data: { workspaceId, platform: "SANDBOX", displayName: "Bench sandbox" } })).id;

const root = path.resolve(import.meta.dirname, "..");

/** The real worker (worker/index.ts) as its own process on the bench's queue; tsx as a module hook, one process. */
function spawnWorker(
  queueName: string,
  extraEnv: Record<string, string> = {},
): { child: ChildProcess; output: () => string } {
  // BENCH_WORKER_CPU_PROF=1 writes a V8 CPU profile of the worker to .data/bench-prof/ (read it in DevTools).
  const profile = process.env.BENCH_WORKER_CPU_PROF ? ["--cpu-prof", "--cpu-prof-dir=.data/bench-prof"] : [];
  const child = spawn(process.execPath, [...profile, "--import", "./scripts/tsx-loader.mjs", "worker/index.ts"], {
    cwd: root,
    env: { ...process.env, PUBLISH_QUEUE_NAME: queueName, LOG_LEVEL: "warn", SWEEP_EVERY_MS: "300000", ...extraEnv },
    stdio: ["ignore", "pipe", "pipe"],
  });
  let output = "";
  const keep = (d: Buffer) => {
    output = (output + d.toString()).slice(-4000);
  };
  child.stdout?.on("data", keep);
  child.stderr?.on("data", keep);
  return { child, output: () => output };
}

async function stopWorker(child: ChildProcess) {
  if (child.exitCode !== null || child.signalCode !== null) return;
  const exited = new Promise((r) => child.once("exit", r));
  child.kill("SIGTERM");
  const timer = setTimeout(() => child.kill("SIGKILL"), 20_000);
  await exited;
  clearTimeout(timer);
}

/** N draft posts on one channel in a fresh workspace; ids are ours so the channel links go in bulk. */
async function seedPosts(db: Db, workspaceId: string, channelId: string, prefix: string, n: number) {
  const ids = Array.from({ length: n }, (_, i) => `${prefix}-${i}`);
  for (let i = 0; i < n; i += 5_000) {
    const slice = ids.slice(i, i + 5_000);
    await db.post.createMany({ data: slice.map((id) => ({ id, workspaceId, content: `bench ${id}` })) });
    await db.postChannel.createMany({ data: slice.map((postId) => ({ postId, channelId })) });
  }
  return ids;
}

/**
 * Cadence end to end: N posts scheduled through the real schedulePost service (bounded concurrency) for the
 * same second (spreadMs = 0, a burst) or spread evenly over spreadMs after it (steady load), published by a real
 * worker process. Lateness = Publication.startedAt − scheduledAt. The lead time comes from a calibration batch,
 * so scheduling finishes before the first target.
 */
export async function runOurs({
  db,
  n,
  queueName,
  concurrency,
  waitMs,
  runId,
  spreadMs = 0,
  makeChannel = sandboxChannel,
  workerEnv,
}: {
  db: Db;
  n: number;
  queueName: string;
  concurrency: number;
  waitMs: number;
  runId: string;
  spreadMs?: number;
  /** Default: one SANDBOX channel. */
  makeChannel?: MakeChannel;
  /** Added to the worker process's environment. */
  workerEnv?: Record<string, string>;
}): Promise<OursResult> {
  const redis = createRedis("producer");
  const queue = createPublishQueue(redis, queueName);
  const workspace = await db.workspace.create({ data: { name: `bench ${runId} n=${n}`, timezone: "UTC" } });
  const worker = spawnWorker(queueName, workerEnv);
  try {
    const channel = { id: await makeChannel(db, workspace.id) };
    const calibrationN = Math.min(300, Math.ceil(n / 5));
    const calibration = await seedPosts(db, workspace.id, channel.id, `bench-${runId}-${n}-cal`, calibrationN);
    const ids = await seedPosts(db, workspace.id, channel.id, `bench-${runId}-${n}`, n);

    const heartbeat = workerHeartbeatPattern(queueName);
    const readyBy = Date.now() + 60_000;
    while ((await redis.keys(heartbeat)).length === 0) {
      if (Date.now() > readyBy) throw new Error(`worker did not start:\n${worker.output()}`);
      await sleep(100);
    }

    // Calibration: same service, an hour ahead, on posts deleted afterwards. The first half warms connections
    // and JIT; only the second half is timed (a cold estimate made the lead twice too long).
    const far = new Date(Date.now() + 3_600_000).toISOString();
    const half = Math.floor(calibrationN / 2);
    const calibrate = (postIds: string[]) =>
      mapBounded(postIds, concurrency, (postId) =>
        schedulePost({ db, queue, workspaceId: workspace.id, postId, scheduledAt: far }),
      );
    await calibrate(calibration.slice(0, half));
    const calStart = performance.now();
    await calibrate(calibration.slice(half));
    const perPostMs = (performance.now() - calStart) / (calibrationN - half);
    // Margin for drift between the calibration and the run (1.25× of a cold estimate was too little at N=10,000,
    // with other load on the machine). Posts that still miss the target are refused (not in the future), reported.
    const leadMs = Math.ceil(perPostMs * n * 1.5 + 5_000);
    await db.post.deleteMany({ where: { id: { in: calibration } } });

    const scheduleStartWall = Date.now();
    const target = Math.ceil((scheduleStartWall + leadMs) / 1000) * 1000;
    const targetOf = (i: number) => new Date(target + Math.floor((i * spreadMs) / n)).toISOString();
    const started = performance.now();
    const results = await mapBounded(ids, concurrency, (postId, i) =>
      schedulePost({ db, queue, workspaceId: workspace.id, postId, scheduledAt: targetOf(i) }),
    );
    const scheduleMs = performance.now() - started;
    const slackMs = target - Date.now();
    const rejected = results.filter((r) => r.status === "rejected");
    if (rejected[0]?.status === "rejected")
      console.warn(`  ${rejected.length} not scheduled, e.g.`, rejected[0].reason);
    const scheduled = n - rejected.length;

    const deadline = target + spreadMs + waitMs;
    let done = 0;
    while (Date.now() < deadline) {
      done = await db.post.count({ where: { workspaceId: workspace.id, status: { in: ["PUBLISHED", "FAILED"] } } });
      if (done >= scheduled) break;
      await sleep(250);
    }
    const publications = await db.publication.findMany({
      where: { workspaceId: workspace.id },
      select: { startedAt: true, scheduledAt: true },
    });
    const lateness = publications.map((p) => p.startedAt.getTime() - p.scheduledAt.getTime());
    const sent = await db.publicationResult.aggregate({
      where: { publication: { workspaceId: workspace.id }, status: "SUCCEEDED" },
      _max: { publishedAt: true },
    });
    const notSucceeded = await db.publicationResult.count({
      where: { publication: { workspaceId: workspace.id }, status: { not: "SUCCEEDED" } },
    });
    return {
      drainMs: (sent._max.publishedAt?.getTime() ?? Number.NaN) - target,
      notSucceeded,
      scheduleMs,
      scheduled,
      rejected: rejected.length,
      lateness,
      timedOut: done < scheduled,
      leadMs: target - scheduleStartWall,
      slackMs,
      early: lateness.filter((l) => l < 0).length,
    };
  } finally {
    await stopWorker(worker.child);
    await queue.obliterate({ force: true }).catch(() => undefined);
    const keys = [...(await redis.keys(workerHeartbeatPattern(queueName))), lastSweepKey(queueName)];
    await redis.del(...keys).catch(() => undefined);
    await queue.close();
    redis.disconnect();
    await db.workspace.delete({ where: { id: workspace.id } });
  }
}
