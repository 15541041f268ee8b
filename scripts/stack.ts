import { type ChildProcess, spawn } from "node:child_process";
import path from "node:path";
import { parseArgs } from "node:util";
import { freePort, log, run, StackError, which } from "./stack/proc";
import { releaseServices, servicesUsers, startServices, stopServices } from "./stack/services";
import { type Profile, profileDir, readState, root } from "./stack/state";
import { migrate, prismaGenerate, withEnv } from "./stack/steps";
import { printTestSummary, testReports } from "./stack/summary";
import { ensureSystemPackages } from "./stack/system";

/** Runs a .ts file as the worker does: tsx plus the ESM-subpath fix of scripts/tsx-loader.mjs (why: see there). */
const TSX = ["--import", "./scripts/tsx-loader.mjs"];

// The one launcher for development, tests, benchmarks and CI (see README). It installs what is missing,
// starts PostgreSQL, Redis, a MongoDB-compatible server and an S3 server (SeaweedFS) under .data/<profile>/ (unless
// DATABASE_URL, REDIS_URL, MONGODB_URL, S3_ENDPOINT point elsewhere), and for tests real servers of the social
// networks (a Bluesky PDS, GoToSocial for the Mastodon API: scripts/stack/bluesky.ts, gotosocial.ts), migrates, and
// runs the command asked for.

const USAGE = `usage: npm run stack -- <command>
  up                      the whole product with demo data: dashboard on :3000 (PORT), worker, services
  test                    lint, typecheck, unit + integration tests, build, end-to-end tests
  bench                   the benchmarks (bench/run.ts), results to bench/RESULTS.md
  start|stop|status [--profile dev|test|bench]   manage the local services
  env [--profile …]       print the environment pointing at the services
  exec [--profile …] -- <cmd …>   run a command with that environment (default profile: test)`;

const bin = (name: string) => `${root}/node_modules/.bin/${name}`;

async function systemNeeds(opts: { browser: boolean }) {
  const needs = [];
  if (!process.env.REDIS_URL) needs.push({ command: "redis-server", aptPackage: "redis-server", why: "the job queue" });
  needs.push({ command: "ffprobe", aptPackage: "ffmpeg", why: "probing uploaded videos (media library)" });
  if (opts.browser) needs.push({ command: "chromium", aptPackage: "chromium", why: "end-to-end tests" });
  await ensureSystemPackages(needs);
}

async function prepare(profile: Profile, browser = false) {
  await systemNeeds({ browser });
  await prismaGenerate();
  const services = await startServices(profile);
  await migrate(profile, services.env);
  return services;
}

async function test() {
  await systemNeeds({ browser: true });
  await prismaGenerate();
  const servicesReady = startServices("test");
  servicesReady.catch(() => {}); // awaited below; don't let an early failure go unhandled meanwhile
  const reports = testReports();
  try {
    log("lint (biome) and typecheck (tsc)");
    await run(bin("biome"), ["check", "."], { cwd: root });
    await run(bin("tsc"), ["--noEmit"], { cwd: root });
    const { env } = await servicesReady;
    await migrate("test", env);
    const testEnv = withEnv({
      ...env,
      TZ: "UTC",
      LOG_LEVEL: process.env.LOG_LEVEL ?? "warn",
      E2E_PORT: process.env.E2E_PORT ?? String(await freePort()),
    });
    log("unit and integration tests (vitest)");
    await run(bin("vitest"), ["run", "--reporter=default", "--reporter=json", `--outputFile.json=${reports.vitest}`], {
      cwd: root,
      env: testEnv,
    });
    log("production build (next build)");
    await run(bin("next"), ["build"], { cwd: root, env: testEnv });
    log("end-to-end tests (playwright, system chromium)");
    await run(bin("playwright"), ["test", "--reporter=list,json"], {
      cwd: root,
      env: { ...testEnv, PLAYWRIGHT_JSON_OUTPUT_NAME: reports.playwright },
    });
  } finally {
    // Stop what this run started (always in CI), unless another command still uses it; services that were
    // already up stay up for the next run.
    const startedNow = await servicesReady.then(
      (s) => s.startedNow,
      () => true,
    );
    await releaseServices("test", { stop: startedNow || Boolean(process.env.CI) });
    printTestSummary(reports);
  }
}

function spawnLong(name: string, cmd: string, args: string[], env: NodeJS.ProcessEnv): ChildProcess {
  const child = spawn(cmd, args, { cwd: root, env, stdio: "inherit" });
  child.on("exit", (code, signal) => log(`${name} exited (${signal ?? code})`));
  return child;
}

async function up() {
  const { env, startedNow } = await prepare("dev");
  // The sign-in page shows the demo credentials (development only) from the file the seed writes.
  const devEnv = {
    ...withEnv(env),
    CADENCE_SHOW_DEMO_CREDENTIALS: "1",
    CADENCE_DEMO_PASSWORD_FILE: path.join(profileDir("dev"), "demo-password"),
  };
  await run(process.execPath, [...TSX, "prisma/seed.ts"], { cwd: root, env: devEnv });
  const port = process.env.PORT ?? "3000";
  const children = [
    spawnLong("web", bin("next"), ["dev", "-p", port], devEnv),
    spawnLong("worker", process.execPath, ["--import", "./scripts/tsx-loader.mjs", "worker/index.ts"], devEnv),
  ];
  log(`dashboard: http://localhost:${port}  (Ctrl-C stops everything)`);
  let stopping = false;
  const shutdown = async () => {
    if (stopping) return;
    stopping = true;
    for (const c of children) c.kill("SIGTERM");
    await Promise.all(children.map((c) => new Promise((r) => (c.exitCode !== null ? r(null) : c.once("exit", r)))));
    await releaseServices("dev", { stop: startedNow });
    process.exit(0);
  };
  process.on("SIGINT", () => void shutdown());
  process.on("SIGTERM", () => void shutdown());
  for (const c of children) c.once("exit", () => void shutdown());
}

async function main() {
  const argv = process.argv.slice(2);
  const dash = argv.indexOf("--");
  const own = dash >= 0 ? argv.slice(0, dash) : argv;
  const rest = dash >= 0 ? argv.slice(dash + 1) : [];
  const { values, positionals } = parseArgs({
    args: own,
    allowPositionals: true,
    options: { profile: { type: "string" } },
  });
  const [command, ...extra] = positionals;
  const profileArg = values.profile ?? (command === "up" ? "dev" : command === "bench" ? "bench" : "test");
  if (!["dev", "test", "bench"].includes(profileArg)) throw new StackError(`unknown profile ${profileArg}\n${USAGE}`);
  const profile = profileArg as Profile;

  switch (command) {
    case "up":
      return up();
    case "test":
      return test();
    case "bench": {
      // The bluesky part (in the default set) publishes to the local PDS, which the bench profile starts only with
      // CADENCE_LOCAL_NETWORKS=1.
      const only = [...extra, ...rest].flatMap((arg, i, all) =>
        arg === "--only" ? [all[i + 1] ?? ""] : arg.startsWith("--only=") ? [arg.slice(7)] : [],
      );
      if (only.length === 0 || only.some((v) => v.split(",").includes("bluesky")))
        process.env.CADENCE_LOCAL_NETWORKS = "1";
      const { env, startedNow } = await prepare("bench");
      try {
        await run(process.execPath, [...TSX, "bench/run.ts", ...extra, ...rest], {
          cwd: root,
          env: withEnv({ ...env, LOG_LEVEL: "warn" }),
        });
      } finally {
        await releaseServices("bench", { stop: startedNow });
      }
      return;
    }
    case "start":
      await prepare(profile);
      return releaseServices(profile, { stop: false });
    case "stop":
      return stopServices(profile);
    case "status":
      console.log(JSON.stringify({ ...readState(profile), usedBy: servicesUsers(profile) }, null, 2));
      return;
    case "env": {
      const { env } = await prepare(profile);
      for (const [k, v] of Object.entries(env)) console.log(`export ${k}=${JSON.stringify(v)}`);
      return releaseServices(profile, { stop: false });
    }
    case "exec": {
      const cmd = [...extra, ...rest];
      if (!cmd[0]) throw new StackError(`exec needs a command\n${USAGE}`);
      const { env } = await prepare(profile);
      const resolved = which(cmd[0]) ? cmd[0] : bin(cmd[0]);
      try {
        await run(resolved, cmd.slice(1), { cwd: process.cwd(), env: withEnv(env) });
      } finally {
        await releaseServices(profile, { stop: false });
      }
      return;
    }
    default:
      throw new StackError(USAGE);
  }
}

main().catch((error: unknown) => {
  log(error instanceof StackError ? error.message : String((error as Error)?.stack ?? error));
  process.exit(1);
});
