import { spawn } from "node:child_process";
import { createHash } from "node:crypto";
import { existsSync, mkdirSync, openSync, readFileSync, renameSync, rmSync, writeFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { withStackLock } from "./lock";
import { freePort, log, pidAlive, portOpen, run, StackError, stopPid, waitForPort, which } from "./proc";
import { type Profile, profileDir, readState, root, type ServiceState } from "./state";

// The MongoDB-compatible server for engagement metrics: `mongod` when it is on PATH, otherwise FerretDB 1.24
// on SQLite, built once per machine from scripts/ferretdb (Go) into ~/.cache/cadence-bin.

const FERRET_SRC = path.join(root, "scripts", "ferretdb");
const BIN_DIR = process.env.CADENCE_BIN_DIR ?? path.join(os.homedir(), ".cache", "cadence-bin");
const FERRET_BIN = path.join(BIN_DIR, "cadence-ferretdb");

function sourceHash(): string {
  const h = createHash("sha256");
  for (const f of ["main.go", "go.mod", "go.sum"]) h.update(readFileSync(path.join(FERRET_SRC, f)));
  return h.digest("hex");
}

async function ensureFerretBinary(): Promise<string> {
  const stamp = `${FERRET_BIN}.sha256`;
  const hash = sourceHash();
  const built = () => existsSync(FERRET_BIN) && existsSync(stamp) && readFileSync(stamp, "utf8") === hash;
  if (built()) return FERRET_BIN;
  if (!which("go")) {
    throw new StackError(
      "No MongoDB-compatible server: install Go 1.24+ (to build FerretDB), put mongod on PATH, or set MONGODB_URL",
    );
  }
  // The binary is shared by every checkout on the machine: one launcher builds it while the others wait, and it
  // is built beside its place and renamed into it, so a running server or an interrupted build never sees half.
  mkdirSync(BIN_DIR, { recursive: true });
  await withStackLock(path.join(BIN_DIR, "cadence-ferretdb.lock"), "the FerretDB build", async () => {
    if (built()) return;
    log("building FerretDB 1.24 (once per machine; a few minutes the first time)…");
    const partial = `${FERRET_BIN}.${process.pid}.partial`;
    try {
      await run("go", ["build", "-o", partial, "."], { cwd: FERRET_SRC, env: { ...process.env, GOFLAGS: "-mod=mod" } });
      renameSync(partial, FERRET_BIN);
    } finally {
      rmSync(partial, { force: true });
    }
    writeFileSync(stamp, hash);
  });
  return FERRET_BIN;
}

export async function startMongo(profile: Profile): Promise<ServiceState> {
  const previous = readState(profile).mongo;
  if (previous && pidAlive(previous.pid) && (await portOpen(previous.port))) return { ...previous, fresh: false };
  const port = previous && !(await portOpen(previous.port)) ? previous.port : await freePort();
  const dir = path.join(profileDir(profile), "mongo");
  mkdirSync(dir, { recursive: true });
  const logFd = openSync(path.join(dir, "server.log"), "a");
  const mongod = which("mongod");
  const [cmd, args, kind] = mongod
    ? [mongod, ["--dbpath", dir, "--port", String(port), "--bind_ip", "127.0.0.1"], "mongod"]
    : [
        await ensureFerretBinary(),
        ["-listen-addr", `127.0.0.1:${port}`, "-sqlite-dir", dir, "-log-level", "error"],
        "ferretdb",
      ];
  const child = spawn(cmd, args, { detached: true, stdio: ["ignore", logFd, logFd] });
  child.unref();
  await waitForPort(port, kind);
  log(`${kind} on 127.0.0.1:${port}`);
  return { port, pid: child.pid, kind, fresh: true };
}

export async function stopMongo(profile: Profile) {
  await stopPid(readState(profile).mongo?.pid);
}
