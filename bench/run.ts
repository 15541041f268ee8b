import { existsSync, readFileSync, writeFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { parseArgs } from "node:util";
import { createPrismaClient } from "@/lib/db/prisma";
import { getEnv } from "@/lib/env";
import { type RunResult, runBare } from "./bare";
import { benchBluesky } from "./bluesky";
import { benchCalendar } from "./calendar";
import { benchEvergreen } from "./evergreen";
import { benchImport } from "./import";
import { benchMedia } from "./media";
import { benchOptimalTimes } from "./optimal-times";
import { type OursResult, runOurs } from "./ours";
import { replaceSection } from "./results-file";
import { fmtMs, fmtRate, ratio, type Summary, summarize } from "./stats";

// npm run bench: scheduling throughput and publish lateness, Cadence vs bare BullMQ, same run, same machine.
// Not a test: it prints a table and rewrites bench/RESULTS.md. Options: --sizes 1000,10000 (bursts: all posts due
// in the same second; "" for none) --steady 1000 --steady-seconds 60 (steady load: posts due evenly over that
// time; 0 for none) --concurrency 10 --only publish,optimal,evergreen,media,bluesky,calendar,import (which parts to run; each rewrites only its
// own section of RESULTS.md). --only bluesky (it needs the local PDS, which the launcher
// then starts) bursts --bluesky-n posts (default 1000) on a Bluesky channel next to a webhook one (bench/bluesky.ts).

const { values } = parseArgs({
  options: {
    sizes: { type: "string", default: "1000,10000" },
    steady: { type: "string", default: "1000" },
    "steady-seconds": { type: "string", default: "60" },
    concurrency: { type: "string", default: "10" },
    "no-write": { type: "boolean", default: false },
    only: { type: "string", default: "publish,optimal,evergreen,media,bluesky,calendar,import" },
    "bluesky-n": { type: "string", default: "1000" },
  },
  allowPositionals: true,
});
const sizes = values.sizes.split(",").filter(Boolean).map(Number);
const steadyN = Number(values.steady);
const steadyMs = Number(values["steady-seconds"]) * 1000;
const concurrency = Number(values.concurrency);
const runId = Date.now().toString(36);
const only = new Set(values.only.split(",").filter(Boolean));
/** How long after the target second to wait for the last publication (a bound, not a goal). */
const waitMsFor = (n: number) => 60_000 + n * 60;

type Row = {
  n: number;
  /** 0: a burst (all due in the same second); otherwise the posts are due evenly over this many ms. */
  spreadMs: number;
  ours: OursResult;
  oursLate: Summary;
  bare: RunResult;
  bareLate: Summary;
  bareLeadMs: number;
};
const labelOf = (r: Pick<Row, "n" | "spreadMs">) =>
  `${r.n.toLocaleString("en")}${r.spreadMs > 0 ? ` over ${Math.round(r.spreadMs / 1000)} s` : ""}`;

function machine() {
  const cpus = os.cpus();
  return {
    cores: cpus.length,
    cpu: cpus[0]?.model.trim() ?? "unknown",
    ramGb: (os.totalmem() / 2 ** 30).toFixed(1),
    os: `${os.type()} ${os.release()} (${os.platform()}/${os.arch()})`,
    node: process.version,
  };
}

function table(rows: Row[]): string {
  const head =
    "| N | | scheduled | scheduling | throughput | lateness p50 | p99 | max | early |\n|---|---|---|---|---|---|---|---|---|";
  const line = (label: string, who: string, r: RunResult, late: Summary, early: number | string) =>
    `| ${label} | ${who} | ${r.scheduled}${r.timedOut ? " (timed out)" : ""} | ${fmtMs(r.scheduleMs)} | ${fmtRate(
      (r.scheduled / r.scheduleMs) * 1000,
    )} | ${fmtMs(late.p50)} | ${fmtMs(late.p99)} | ${fmtMs(late.max)} | ${early} |`;
  const ratios = (row: Row) =>
    `| ${labelOf(row)} | ours ÷ bare | | ${ratio(row.ours.scheduleMs, row.bare.scheduleMs)} | ${ratio(
      row.ours.scheduled / row.ours.scheduleMs,
      row.bare.scheduled / row.bare.scheduleMs,
    )} | ${ratio(row.oursLate.p50, row.bareLate.p50)} | ${ratio(row.oursLate.p99, row.bareLate.p99)} | ${ratio(
      row.oursLate.max,
      row.bareLate.max,
    )} | |`;
  const body = rows.flatMap((r) => [
    line(labelOf(r), "Cadence", r.ours, r.oursLate, r.ours.early),
    line(labelOf(r), "bare BullMQ", r.bare, r.bareLate, r.bare.lateness.filter((l) => l < 0).length),
    ratios(r),
  ]);
  return [head, ...body].join("\n");
}

function report(rows: Row[], m: ReturnType<typeof machine>, env: ReturnType<typeof getEnv>): string {
  const leads = rows
    .map(
      (r) =>
        `${labelOf(r)}: ${fmtMs(r.ours.leadMs)} ahead, scheduling ended ${fmtMs(r.ours.slackMs)} before the target`,
    )
    .join("; ");
  const bareLeads = rows
    .map((r) => `${labelOf(r)}: ${fmtMs(r.bareLeadMs)} ahead, adds ended ${fmtMs(r.bare.slackMs)} before the target`)
    .join("; ");
  return `## Scheduling and publish lateness

Run by \`npm run bench\` (bench/run.ts) on ${new Date().toISOString().slice(0, 16).replace("T", " ")} UTC.

**Machine:** ${m.cores} cores (${m.cpu}), ${m.ramGb} GiB RAM, ${m.os}, Node ${m.node}. PostgreSQL, Redis and the
MongoDB-compatible server run locally (started by the launcher), on the same cores as the benchmark.

${table(rows)}

- **Scheduling** (Cadence): the real \`schedulePost\` service (find the post in the workspace, validate time and
  content, compare-and-set to SCHEDULED in a transaction that adds the BullMQ delayed job, read back the response),
  ${concurrency} calls in flight, on N draft posts on one SANDBOX channel. **Bare**: \`queue.add\` of a delayed job,
  same concurrency. Throughput = posts (jobs) per second of wall time.
- **Lateness** (Cadence): \`Publication.startedAt − scheduledAt\` for every post, published by a real worker process
  (\`node --import tsx worker/index.ts\`, its own queue, WORKER_CONCURRENCY=${env.WORKER_CONCURRENCY},
  PUBLISH_PREWAKE_MS=${env.PUBLISH_PREWAKE_MS}). **Bare**: a BullMQ Worker in the benchmark process with an empty
  processor and the same concurrency; lateness = processor start − target. A burst ("1,000") targets one whole
  second for every job; steady load ("1,000 over 60 s") spreads the targets evenly over that time from a whole
  second on — the everyday case the "on time, p99 < 100 ms late" promise is about.
- Lead time (from a calibration batch of the same service, so that scheduling ends first): ${leads}.
  Bare: ${bareLeads}.
- Publish throughput of the bursts (first target to last start): ${rows
    .filter((r) => r.spreadMs === 0)
    .map(
      (r) =>
        `N=${r.n}: Cadence ${fmtRate(r.ours.scheduled / (Math.max(1, r.oursLate.max) / 1000))}, bare ${fmtRate(
          r.bare.scheduled / (Math.max(1, r.bareLate.max) / 1000),
        )}`,
    )
    .join("; ")}. With every post due at once, lateness is this drain time: p50 ≈ half of N ÷ throughput.
- "early" counts publications that started before their time (must be 0).
- To see where the worker's time goes: \`BENCH_WORKER_CPU_PROF=1 npm run bench -- -- --sizes 1000 --no-write\` writes
  a V8 CPU profile of the worker process to \`.data/bench-prof/\`.
- Everything the run created (workspaces, posts, publications, queues, heartbeat keys) is removed at the end.
`;
}

async function benchPublish(): Promise<string> {
  const env = getEnv();
  const db = createPrismaClient();
  const m = machine();
  const scenarios = [
    ...(steadyN > 0 && steadyMs > 0 ? [{ n: steadyN, spreadMs: steadyMs }] : []),
    ...sizes.map((n) => ({ n, spreadMs: 0 })),
  ];
  console.log(
    `bench ${runId}: ${scenarios.map(labelOf).join(", ")}, concurrency ${concurrency}, ${m.cores} cores, Node ${m.node}`,
  );
  const rows: Row[] = [];
  try {
    for (const { n, spreadMs } of scenarios) {
      const label = labelOf({ n, spreadMs });
      const key = `${n}${spreadMs > 0 ? "-steady" : ""}`;
      console.log(`${label}: Cadence (schedulePost + worker process)…`);
      const ours = await runOurs({
        db,
        n,
        queueName: `cadence-bench-${runId}-${key}`,
        concurrency,
        waitMs: waitMsFor(n),
        runId: `${runId}${spreadMs > 0 ? "s" : ""}`,
        spreadMs,
      });
      // Bare adds are cheap (a few thousand per second here); its slack is reported, so a short lead shows up.
      const bareLeadMs = 3_000 + n;
      console.log(`${label}: bare BullMQ…`);
      const bare = await runBare({
        n,
        queueName: `bench-bare-${runId}-${key}`,
        concurrency,
        workerConcurrency: env.WORKER_CONCURRENCY,
        leadMs: bareLeadMs,
        waitMs: waitMsFor(n),
        spreadMs,
      });
      const row: Row = {
        n,
        spreadMs,
        ours,
        oursLate: summarize(ours.lateness),
        bare,
        bareLate: summarize(bare.lateness),
        bareLeadMs,
      };
      rows.push(row);
      const late = (s: Summary) => `p50 ${fmtMs(s.p50)}, p99 ${fmtMs(s.p99)}, max ${fmtMs(s.max)}`;
      console.log(`${label}: lateness Cadence ${late(row.oursLate)}; bare ${late(row.bareLate)}`);
    }
  } finally {
    await db.$disconnect();
  }
  console.log(`\n${table(rows)}\n`);
  return report(rows, m, env);
}

async function main() {
  const parts: [string, () => Promise<string>][] = [
    ["publish", benchPublish],
    ["optimal", benchOptimalTimes],
    ["evergreen", benchEvergreen],
    ["media", benchMedia],
    ["bluesky", () => benchBluesky(Number(values["bluesky-n"]))],
    ["calendar", benchCalendar],
    ["import", benchImport],
  ];
  const file = path.join(import.meta.dirname, "RESULTS.md");
  for (const [name, run] of parts) {
    if (!only.has(name)) continue;
    const m = machine();
    const stamp = `_Run ${new Date().toISOString().slice(0, 16).replace("T", " ")} UTC on ${m.cores} cores (${m.cpu}), ${m.ramGb} GiB, ${m.os}, Node ${m.node}; load average before: ${os.loadavg()[0]?.toFixed(1)}._`;
    const section = (await run()).replace(/^(## [^\n]*\n)/, `$1\n${stamp}\n`);
    if (values["no-write"]) continue;
    // Each part rewrites only its own marked section; hand-written notes outside the markers survive re-runs.
    const previous = existsSync(file) ? readFileSync(file, "utf8") : "# Benchmark results\n";
    writeFileSync(file, replaceSection(previous, name, section));
    console.log(`wrote the ${name} section of ${path.relative(process.cwd(), file)}`);
  }
}

main().then(
  () => process.exit(0),
  (err: unknown) => {
    console.error(err);
    process.exit(1);
  },
);
