import { spawn, spawnSync } from "node:child_process";
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { acquireLock, ownerAlive, processIdentity } from "../../scripts/lock.mjs";

// The launcher's lock (scripts/lock.mjs) between real processes: contenders started together must take it one at
// a time, also when they all find a stale lock left by a dead process; a live holder makes a waiter give up after
// its bound with a message naming the holder.

const contender = path.resolve(import.meta.dirname, "../helpers/lock-contender.mjs");
const dirs: string[] = [];
afterEach(() => {
  for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true });
});

function scratch() {
  const dir = mkdtempSync(path.join(os.tmpdir(), "cadence-lock-test-"));
  dirs.push(dir);
  return { dir, lock: path.join(dir, "x.lock"), log: path.join(dir, "log"), go: path.join(dir, "go") };
}

function runContender(args: string[]): Promise<{ code: number | null; stderr: string }> {
  const child = spawn(process.execPath, [contender, ...args], { stdio: ["ignore", "ignore", "pipe"] });
  let stderr = "";
  child.stderr.on("data", (d: Buffer) => {
    stderr += d.toString();
  });
  return new Promise((resolve) => child.on("exit", (code) => resolve({ code, stderr })));
}

/** Runs `n` contenders that start together; returns the log lines. */
async function contend(s: ReturnType<typeof scratch>, n: number, holdMs = 150) {
  const runs = Array.from({ length: n }, (_, i) => runContender([s.lock, s.log, s.go, `c${i}`, String(holdMs)]));
  writeFileSync(s.go, "");
  const results = await Promise.all(runs);
  expect(results.map((r) => r.stderr).join("")).toBe("");
  expect(results.map((r) => r.code)).toEqual(Array(n).fill(0));
  return readFileSync(s.log, "utf8").trim().split("\n");
}

/** Each "enter x" is directly followed by "leave x": nobody entered while another held the lock. */
function expectOneAtATime(lines: string[], n: number) {
  expect(lines).toHaveLength(2 * n);
  for (let i = 0; i < lines.length; i += 2) {
    const name = lines[i]?.replace(/^enter /, "");
    expect(lines[i]).toMatch(/^enter c\d+$/);
    expect(lines[i + 1]).toBe(`leave ${name}`);
  }
  expect(new Set(lines.filter((l) => l.startsWith("enter"))).size).toBe(n);
}

/** The pid of a process that has exited. */
function deadPid(): number {
  const r = spawnSync(process.execPath, ["-e", ""]);
  expect(r.pid).toBeGreaterThan(0);
  return r.pid as number;
}

describe("launcher lock (scripts/lock.mjs)", () => {
  it("lets two processes started together hold it one after the other", async () => {
    const s = scratch();
    expectOneAtATime(await contend(s, 2), 2);
    expect(existsSync(s.lock)).toBe(false);
  });

  it("takes over a lock whose owner died, and processes that find it together still take it one at a time", async () => {
    const s = scratch();
    const stale = { pid: deadPid(), token: "dead", command: "killed launcher" };
    expect(ownerAlive(stale)).toBe(false);
    writeFileSync(s.lock, JSON.stringify(stale));
    expectOneAtATime(await contend(s, 4), 4);
    expect(existsSync(s.lock)).toBe(false);
  });

  it("treats a live pid with another start time as a dead owner (the pid was reused)", async () => {
    const me = processIdentity();
    expect(ownerAlive(me)).toBe(true);
    const reused = { ...me, start: "1", token: "old", command: "old launcher" };
    expect(ownerAlive(reused)).toBe(me.start === undefined); // without /proc only the pid can be checked
    const s = scratch();
    writeFileSync(s.lock, JSON.stringify(reused));
    const release = await acquireLock(s.lock, { what: "x", timeoutMs: me.start === undefined ? 300 : 30_000 }).catch(
      () => undefined,
    );
    expect(Boolean(release)).toBe(me.start !== undefined);
    release?.();
  });

  it("gives up after its bound while a live process holds it, naming that process", async () => {
    const s = scratch();
    writeFileSync(s.go, "");
    const holder = spawn(process.execPath, [contender, s.lock, s.log, s.go, "holder", "60000"], { stdio: "ignore" });
    try {
      while (!existsSync(s.log)) await new Promise((r) => setTimeout(r, 20));
      const waiter = await runContender([s.lock, path.join(s.dir, "log2"), s.go, "waiter", "0", "300"]);
      expect(waiter.code).toBe(3);
      expect(waiter.stderr).toContain(`pid ${holder.pid}`);
      expect(waiter.stderr).toContain("the test resource");
      expect(existsSync(path.join(s.dir, "log2"))).toBe(false);
    } finally {
      holder.kill("SIGKILL");
    }
    // Killed while holding it: the next one takes it over.
    await new Promise((r) => holder.once("exit", r));
    const release = await acquireLock(s.lock, { what: "x", timeoutMs: 30_000 });
    expect(JSON.parse(readFileSync(s.lock, "utf8")).pid).toBe(process.pid);
    release();
    expect(existsSync(s.lock)).toBe(false);
  });
});
