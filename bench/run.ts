import { existsSync, readFileSync, writeFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { parseArgs } from "node:util";
import { createPrismaClient } from "@/lib/db/prisma";
import { getEnv } from "@/lib/env";
import { type RunResult, runBare } from "./bare";
import { type OursResult, runOurs } from "./ours";
import { fmtMs, fmtRate, ratio, type Summary, summarize } from "./stats";

// npm run bench: scheduling throughput and publish lateness, Cadence vs bare BullMQ, same run, same machine.
// Not a test: it prints a table and rewrites bench/RESULTS.md. Options: --sizes 1000,10000 --concurrency 10

const { values } = parseArgs({
  options: {
    sizes: { type: "string", default: "1000,10000" },
    concurrency: { type: "string", default: "10" },
    "no-write": { type: "boolean", default: false },
  },
  allowPositionals: true,
});
const sizes = values.sizes.split(",").map(Number);
const concurrency = Number(values.concurrency);
const runId = Date.now().toString(36);
/** How long after the target second to wait for the last publication (a bound, not a goal). */
const waitMsFor = (n: number) => 60_000 + n * 60;

type Row = { n: number; ours: OursResult; oursLate: Summary; bare: RunResult; bareLate: Summary; bareLeadMs: number };

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
  const line = (n: number, who: string, r: RunResult, late: Summary, early: number | string) =>
    `| ${n.toLocaleString("en")} | ${who} | ${r.scheduled}${r.timedOut ? " (timed out)" : ""} | ${fmtMs(r.scheduleMs)} | ${fmtRate(
      (r.scheduled / r.scheduleMs) * 1000,
    )} | ${fmtMs(late.p50)} | ${fmtMs(late.p99)} | ${fmtMs(late.max)} | ${early} |`;
  const ratios = (row: Row) =>
    `| ${row.n.toLocaleString("en")} | ours ÷ bare | | ${ratio(row.ours.scheduleMs, row.bare.scheduleMs)} | ${ratio(
      row.ours.scheduled / row.ours.scheduleMs,
      row.bare.scheduled / row.bare.scheduleMs,
    )} | ${ratio(row.oursLate.p50, row.bareLate.p50)} | ${ratio(row.oursLate.p99, row.bareLate.p99)} | ${ratio(
      row.oursLate.max,
      row.bareLate.max,
    )} | |`;
  const body = rows.flatMap((r) => [
    line(r.n, "Cadence", r.ours, r.oursLate, r.ours.early),
    line(r.n, "bare BullMQ", r.bare, r.bareLate, r.bare.lateness.filter((l) => l < 0).length),
    ratios(r),
  ]);
  return [head, ...body].join("\n");
}

function report(rows: Row[], m: ReturnType<typeof machine>, env: ReturnType<typeof getEnv>): string {
  const leads = rows
    .map((r) => `N=${r.n}: ${fmtMs(r.ours.leadMs)} ahead, scheduling ended ${fmtMs(r.ours.slackMs)} before the target`)
    .join("; ");
  const bareLeads = rows
    .map((r) => `N=${r.n}: ${fmtMs(r.bareLeadMs)} ahead, adds ended ${fmtMs(r.bare.slackMs)} before the target`)
    .join("; ");
  return `# Benchmark results

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
  processor and the same concurrency; lateness = processor start − target. All jobs target the same whole second.
- Lead time (from a calibration batch of the same service, so that scheduling ends first): ${leads}.
  Bare: ${bareLeads}.
- Publish throughput (first target to last start): ${rows
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

async function main() {
  const env = getEnv();
  const db = createPrismaClient();
  const m = machine();
  console.log(
    `bench ${runId}: sizes ${sizes.join(", ")}, concurrency ${concurrency}, ${m.cores} cores, Node ${m.node}`,
  );
  const rows: Row[] = [];
  try {
    for (const n of sizes) {
      console.log(`N=${n}: Cadence (schedulePost + worker process)…`);
      const ours = await runOurs({
        db,
        n,
        queueName: `cadence-bench-${runId}-${n}`,
        concurrency,
        waitMs: waitMsFor(n),
        runId,
      });
      // Bare adds are cheap (a few thousand per second here); its slack is reported, so a short lead shows up.
      const bareLeadMs = 3_000 + n;
      console.log(`N=${n}: bare BullMQ…`);
      const bare = await runBare({
        n,
        queueName: `bench-bare-${runId}-${n}`,
        concurrency,
        workerConcurrency: env.WORKER_CONCURRENCY,
        leadMs: bareLeadMs,
        waitMs: waitMsFor(n),
      });
      rows.push({ n, ours, oursLate: summarize(ours.lateness), bare, bareLate: summarize(bare.lateness), bareLeadMs });
    }
  } finally {
    await db.$disconnect();
  }
  console.log(`\n${table(rows)}\n`);
  if (!values["no-write"]) {
    const file = path.join(import.meta.dirname, "RESULTS.md");
    // A hand-written "## Notes" section (findings, caveats) survives re-runs; the figures above it are replaced.
    const previous = existsSync(file) ? readFileSync(file, "utf8") : "";
    const notes = previous.indexOf("\n## Notes");
    writeFileSync(file, report(rows, m, env) + (notes >= 0 ? previous.slice(notes) : ""));
    console.log(`wrote ${path.relative(process.cwd(), file)}`);
  }
}

main().then(
  () => process.exit(0),
  (err: unknown) => {
    console.error(err);
    process.exit(1);
  },
);
