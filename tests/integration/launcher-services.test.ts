import { type ChildProcess, spawn } from "node:child_process";
import { mkdtempSync, readdirSync, readFileSync, readlinkSync, rmSync, writeFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterAll, describe, expect, it } from "vitest";

// Two launcher commands at once (`npm run stack -- env` while `start` is still starting, two `npm test` in one
// checkout) must end with one server per profile, not two on the same data directory. Each child process below
// is a real launcher starting the real Redis of the `test` profile under a scratch CADENCE_DATA_DIR;
// PostgreSQL and MongoDB are the test stack's own (given by URL, so not started again).

const root = path.resolve(import.meta.dirname, "../..");
const child = path.join(root, "tests/helpers/launcher-services-child.ts");
const dataDir = mkdtempSync(path.join(os.tmpdir(), "cadence-launcher-test-"));
const redisDir = path.join(dataDir, "test", "redis");

const env = { ...process.env, CADENCE_DATA_DIR: dataDir } as NodeJS.ProcessEnv;
delete env.REDIS_URL;

/** Pids of the redis-server processes working in `dir` (Redis chdirs into its `dir`). */
function redisServersIn(dir: string): number[] {
  return readdirSync("/proc")
    .filter((p) => /^\d+$/.test(p))
    .filter((p) => {
      try {
        return (
          readFileSync(`/proc/${p}/comm`, "utf8").trim() === "redis-server" && readlinkSync(`/proc/${p}/cwd`) === dir
        );
      } catch {
        return false; // exited meanwhile
      }
    })
    .map(Number);
}

function launch(action: string, extraEnv: Record<string, string> = {}) {
  const proc: ChildProcess = spawn(process.execPath, ["--import", "tsx", child, action], {
    cwd: root,
    env: { ...env, ...extraEnv },
    stdio: ["ignore", "pipe", "pipe"],
  });
  let stdout = "";
  let stderr = "";
  proc.stdout?.on("data", (d: Buffer) => {
    stdout += d.toString();
  });
  proc.stderr?.on("data", (d: Buffer) => {
    stderr += d.toString();
  });
  const exited = new Promise<number | null>((resolve) => proc.on("exit", (code) => resolve(code)));
  return { proc, exited, stdout: () => stdout, stderr: () => stderr };
}

async function finished(l: ReturnType<typeof launch>) {
  const code = await l.exited;
  return { code, stdout: l.stdout(), stderr: l.stderr() };
}

const run = (action: string) => finished(launch(action));

async function until(condition: () => boolean, what: () => string) {
  while (!condition()) {
    await new Promise((r) => setTimeout(r, 20));
    if (!condition() && what()) throw new Error(what());
  }
}

afterAll(() => {
  for (const pid of redisServersIn(redisDir)) process.kill(pid, "SIGKILL");
  rmSync(dataDir, { recursive: true, force: true });
});

describe("launcher commands at once", () => {
  it("two starts of one profile at once start one Redis, and both use it", async () => {
    const go = path.join(dataDir, "go");
    const starts = [launch("start", { LAUNCHER_TEST_GO: go }), launch("start", { LAUNCHER_TEST_GO: go })] as const;
    await until(
      () => starts.every((s) => s.stderr().includes("ready")),
      () => starts.map((s) => (s.proc.exitCode !== null ? `a start exited early: ${s.stderr()}` : "")).join(""),
    );
    writeFileSync(go, "");
    const [a, b] = await Promise.all([finished(starts[0]), finished(starts[1])]);
    expect([a.code, b.code], a.stderr + b.stderr).toEqual([0, 0]);
    const urlA = JSON.parse(a.stdout).REDIS_URL as string;
    const urlB = JSON.parse(b.stdout).REDIS_URL as string;
    expect(urlA).toMatch(/^redis:\/\/127\.0\.0\.1:\d+$/);
    expect(urlB).toBe(urlA);
    expect(redisServersIn(redisDir)).toHaveLength(1);
    const state = JSON.parse(readFileSync(path.join(dataDir, "test", "services.json"), "utf8"));
    expect(`redis://127.0.0.1:${state.redis.port}`).toBe(urlA);
  });

  it("a command ending does not stop services another command still uses, and `stop` refuses while they are used", async () => {
    const holder = launch("hold");
    try {
      await until(
        () => holder.stdout().includes("REDIS_URL"),
        () => (holder.proc.exitCode !== null ? `holder exited: ${holder.stderr()}` : ""),
      );
      const stop = await run("stop");
      expect(stop.code).toBe(1);
      expect(stop.stderr).toContain(`in use by pid ${holder.proc.pid}`);
      expect(redisServersIn(redisDir)).toHaveLength(1);

      const ending = await run("release-stop");
      expect(ending.code, ending.stderr).toBe(0);
      expect(ending.stderr).toContain(`still used by pid ${holder.proc.pid}`);
      expect(redisServersIn(redisDir)).toHaveLength(1);
    } finally {
      holder.proc.kill("SIGKILL");
      await holder.exited;
    }
    // The holder is gone (killed, its entry left behind): now `stop` stops.
    const stop = await run("stop");
    expect(stop.code, stop.stderr).toBe(0);
    expect(redisServersIn(redisDir)).toHaveLength(0);
  });
});
