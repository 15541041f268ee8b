// A process contending for a launcher lock (scripts/lock.mjs), for tests/unit/launcher-lock.test.ts.
// usage: node lock-contender.mjs <lock file> <log file> <go file> <name> <hold ms> [timeout ms]
// Waits until <go file> exists (so contenders start together), takes the lock, appends "enter <name>", holds it
// for <hold ms>, appends "leave <name>" and releases. On a timeout it prints the error and exits 3.
import { appendFileSync, existsSync } from "node:fs";
import { acquireLock } from "../../scripts/lock.mjs";

const [lockFile, logFile, goFile, name, holdMs, timeoutMs] = process.argv.slice(2);
const sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms));
while (!existsSync(goFile)) await sleep(5);
let release;
try {
  release = await acquireLock(lockFile, {
    what: "the test resource",
    timeoutMs: Number(timeoutMs ?? 60_000),
    pollMs: 10,
  });
} catch (error) {
  console.error(error.message);
  process.exit(3);
}
appendFileSync(logFile, `enter ${name}\n`);
await sleep(Number(holdMs));
appendFileSync(logFile, `leave ${name}\n`);
release();
