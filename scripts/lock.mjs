// A lock file shared by the launcher's processes (plain Node, no dependencies: scripts/bootstrap.mjs uses it before
// any npm package is installed). The lock is a file created with O_EXCL ("wx") holding its owner's pid and process
// start time; a lock whose owner is gone (the pid is dead, or now belongs to another process) is stale and is taken
// over. Waiting is bounded and says who holds the lock.
import { closeSync, mkdirSync, openSync, readFileSync, statSync, unlinkSync, writeSync } from "node:fs";
import path from "node:path";

const sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms));

/**
 * When the process started, in clock ticks since boot (field 22 of /proc/<pid>/stat, see proc(5)); undefined where
 * /proc is missing. With the pid it names one process: a pid reused by a later process has another start time.
 * @param {number} pid
 * @returns {string | undefined}
 */
function processStart(pid) {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, "utf8");
    // The command name (field 2) is in parentheses and may contain spaces: count fields after its closing one.
    return stat.slice(stat.lastIndexOf(")") + 2).split(" ")[19];
  } catch {
    return undefined;
  }
}

/** This process as lock files and the services' user list record it: pid and start time. */
export function processIdentity() {
  return { pid: process.pid, start: processStart(process.pid) };
}

/**
 * Whether the process that wrote `owner` still runs: its pid answers signal 0 (EPERM: it exists, owned by another
 * user) and, where /proc tells, it started when the owner recorded.
 * @param {{ pid: number, start?: string }} owner
 */
export function ownerAlive(owner) {
  if (!Number.isInteger(owner.pid) || owner.pid <= 0) return false;
  try {
    process.kill(owner.pid, 0);
  } catch (error) {
    if (error.code !== "EPERM") return false;
  }
  const start = processStart(owner.pid);
  return owner.start === undefined || start === undefined || start === owner.start;
}

/** The lock file's text, or undefined when there is none. */
function readRaw(file) {
  try {
    return readFileSync(file, "utf8");
  } catch (error) {
    if (error.code === "ENOENT") return undefined;
    throw error;
  }
}

/** @returns {{ pid: number, start?: string, token: string, command: string } | undefined} undefined if half-written */
function parseOwner(raw) {
  try {
    const owner = JSON.parse(raw);
    return typeof owner?.pid === "number" ? owner : undefined;
  } catch {
    return undefined;
  }
}

function unlinkQuietly(file) {
  try {
    unlinkSync(file);
  } catch (error) {
    if (error.code !== "ENOENT") throw error;
  }
}

function tryCreate(file, content) {
  try {
    const fd = openSync(file, "wx", 0o644);
    try {
      writeSync(fd, content);
    } finally {
      closeSync(fd);
    }
    return true;
  } catch (error) {
    if (error.code === "EEXIST") return false;
    throw error;
  }
}

/**
 * Removes `file` if it still holds `staleRaw` (the same dead owner). Two waiters may find the same stale lock; removal happens
 * under a short-lived `<file>.break` lock and re-reads the file first, so a waiter that was slower never removes the
 * fresh lock another waiter created in between. A `.break` file left by a process killed mid-removal (it is held for
 * microseconds) is removed once it is older than 10 s.
 * @returns {boolean} false when another process is removing it (try again a little later)
 */
function breakStale(file, staleRaw) {
  const breaker = `${file}.break`;
  if (!tryCreate(breaker, String(process.pid))) {
    try {
      if (Date.now() - statSync(breaker).mtimeMs > 10_000) unlinkQuietly(breaker);
    } catch {}
    return false;
  }
  try {
    if (readRaw(file) === staleRaw) unlinkQuietly(file);
    return true;
  } finally {
    unlinkQuietly(breaker);
  }
}

/**
 * Takes the lock at `file` (its folder is created), waiting while a live process holds it.
 * @param {string} file
 * @param {{ what: string, timeoutMs?: number, pollMs?: number, log?: (message: string) => void }} options
 *   `what`: what the lock guards, for messages ("the test services"); `timeoutMs` bounds the wait (default 10 min);
 *   `log` is told once when waiting starts.
 * @returns {Promise<() => void>} release: removes the lock if this process still owns it (idempotent)
 * @throws {Error} when the wait exceeds `timeoutMs`, naming the owner's pid and command and the lock file
 */
export async function acquireLock(file, options) {
  const { what, timeoutMs = 600_000, pollMs = 100, log = () => {} } = options;
  mkdirSync(path.dirname(file), { recursive: true });
  const me = {
    ...processIdentity(),
    token: `${Date.now()}-${Math.random().toString(36).slice(2)}`,
    command: process.argv.slice(1).join(" "),
  };
  const content = JSON.stringify(me);
  const deadline = Date.now() + timeoutMs;
  let told = false;
  let unreadable = { raw: undefined, since: 0 };
  for (;;) {
    if (tryCreate(file, content)) break;
    const raw = readRaw(file);
    if (raw === undefined) continue; // released meanwhile
    const owner = parseOwner(raw);
    if (owner && !ownerAlive(owner)) {
      if (!breakStale(file, raw)) await sleep(pollMs);
      continue;
    }
    // Unparsable: its owner is between create and write, or died there. Give it 5 s, then treat it as stale.
    if (!owner) {
      if (unreadable.raw !== raw) unreadable = { raw, since: Date.now() };
      else if (Date.now() - unreadable.since > 5_000) breakStale(file, raw);
    }
    const holder = owner ? `pid ${owner.pid} (${owner.command})` : "another process";
    if (Date.now() >= deadline) {
      throw new Error(
        `gave up after ${Math.round(timeoutMs / 1000)} s waiting for ${holder}, which holds ${what} (lock ${file}). ` +
          "If that process is stuck, stop it; its lock is then taken over.",
      );
    }
    if (!told) {
      log(`waiting for ${holder}, which holds ${what}…`);
      told = true;
    }
    await sleep(pollMs);
  }
  let released = false;
  return () => {
    if (released) return;
    released = true;
    const raw = readRaw(file);
    if (raw !== undefined && parseOwner(raw)?.token === me.token) unlinkQuietly(file);
  };
}

/**
 * Runs `fn` holding the lock at `file`, and releases it however `fn` ends.
 * @template T
 * @param {string} file
 * @param {{ what: string, timeoutMs?: number, pollMs?: number, log?: (message: string) => void }} options
 * @param {() => Promise<T> | T} fn
 * @returns {Promise<T>}
 */
export async function withLock(file, options, fn) {
  const release = await acquireLock(file, options);
  try {
    return await fn();
  } finally {
    release();
  }
}
