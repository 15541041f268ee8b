import { spawn } from "node:child_process";
import { existsSync, mkdirSync, openSync, readFileSync, renameSync, rmSync, writeFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { withStackLock } from "./lock";
import { freePort, log, pidAlive, portOpen, run, StackError, stopPid, which } from "./proc";
import { type Profile, profileDir, readState, type ServiceState } from "./state";

// A real SMTP server with an HTTP API to read what was sent (issue 12): Mailpit v1.33.1, built once per machine from
// the Go module proxy into ~/.cache/cadence-bin, run per profile under .data/<profile>/mailpit. SMTP, HTTP and POP3
// are all bound to 127.0.0.1 (its defaults listen on every address), and it never asks GitHub for releases.
// The tests read mail through its API (tests/helpers/mailpit.ts); its link-check and HTML-check endpoints fetch
// outside addresses and are never called.

const MODULE = "github.com/axllent/mailpit";
const VERSION = "v1.33.1";
const BIN_DIR = process.env.CADENCE_BIN_DIR ?? path.join(os.homedir(), ".cache", "cadence-bin");
const MAILPIT_BIN = path.join(BIN_DIR, "cadence-mailpit");

export type MailpitState = ServiceState & { smtpPort: number; pop3Port: number };

export async function ensureMailpitBinary(): Promise<string> {
  const stamp = `${MAILPIT_BIN}.version`;
  const wanted = `${MODULE}@${VERSION}`;
  const built = () => existsSync(MAILPIT_BIN) && existsSync(stamp) && readFileSync(stamp, "utf8") === wanted;
  if (built()) return MAILPIT_BIN;
  if (!which("go")) throw new StackError("No SMTP server for tests: install Go 1.24+ (to build Mailpit)");
  mkdirSync(BIN_DIR, { recursive: true });
  // Shared by every checkout on the machine: one launcher builds while the others wait; the binary is installed into
  // a folder of its own and renamed into place, so nothing ever sees half a build.
  await withStackLock(path.join(BIN_DIR, "cadence-mailpit.lock"), "the Mailpit build", async () => {
    if (built()) return;
    log("building Mailpit (once per machine; about 1-3 minutes the first time)…");
    const gobin = path.join(BIN_DIR, `mailpit-build.${process.pid}`);
    const env = { ...process.env, GOTOOLCHAIN: "local", GOFLAGS: "-buildvcs=false", GOBIN: gobin };
    try {
      await run("go", ["install", "-trimpath", "-ldflags=-s -w", `${MODULE}@${VERSION}`], { env });
      renameSync(path.join(gobin, "mailpit"), MAILPIT_BIN);
    } finally {
      rmSync(gobin, { recursive: true, force: true });
    }
    writeFileSync(stamp, wanted);
  });
  return MAILPIT_BIN;
}

/** Waits until GET /readyz answers 200 (its database is open and SMTP is listening). */
async function waitForReady(port: number, pid: number | undefined, timeoutMs: number) {
  const deadline = Date.now() + timeoutMs;
  let last = "";
  while (Date.now() < deadline) {
    if (!pidAlive(pid)) throw new StackError("Mailpit exited while starting (see its server.log)");
    try {
      const res = await fetch(`http://127.0.0.1:${port}/readyz`, { signal: AbortSignal.timeout(2_000) });
      if (res.ok) return;
      last = `HTTP ${res.status}`;
    } catch (error) {
      last = String(error);
    }
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new StackError(`Mailpit on 127.0.0.1:${port} did not answer within ${timeoutMs / 1000}s: ${last}`);
}

export async function startMailpit(profile: Profile): Promise<MailpitState> {
  const previous = readState(profile).mailpit;
  if (previous && pidAlive(previous.pid) && (await portOpen(previous.port)) && (await portOpen(previous.smtpPort)))
    return { ...previous, fresh: false };
  const bin = await ensureMailpitBinary();
  const dir = path.join(profileDir(profile), "mailpit");
  mkdirSync(dir, { recursive: true });
  const [port, smtpPort, pop3Port] = [await freePort(), await freePort(), await freePort()];
  const logFd = openSync(path.join(dir, "server.log"), "a");
  // biome-ignore format: one option per line reads best
  const args = [
    "--listen", `127.0.0.1:${port}`,
    "--smtp", `127.0.0.1:${smtpPort}`,
    "--pop3", `127.0.0.1:${pop3Port}`,
    "--database", path.join(dir, "mailpit.db"),
    "--disable-version-check",
    "--smtp-disable-rdns",
    "--block-remote-css-and-fonts",
    "--smtp-auth-accept-any",
    "--smtp-auth-allow-insecure",
  ];
  const child = spawn(bin, args, { cwd: dir, detached: true, stdio: ["ignore", logFd, logFd] });
  child.unref();
  try {
    await waitForReady(port, child.pid, 30_000);
  } catch (error) {
    await stopPid(child.pid);
    throw error;
  }
  log(`Mailpit (SMTP 127.0.0.1:${smtpPort}, API http://127.0.0.1:${port})`);
  return { port, smtpPort, pop3Port, pid: child.pid, kind: "mailpit", fresh: true };
}

export async function stopMailpit(profile: Profile) {
  await stopPid(readState(profile).mailpit?.pid);
}
