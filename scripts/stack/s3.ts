import { spawn } from "node:child_process";
import { existsSync, mkdirSync, openSync, readFileSync, renameSync, rmSync, writeFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { withStackLock } from "./lock";
import { capture, freePort, log, pidAlive, portOpen, run, StackError, stopPid, waitForPort, which } from "./proc";
import { localSecret, type Profile, profileDir, readState, type ServiceState } from "./state";

// S3-compatible object storage for media (issue 9): SeaweedFS's `weed mini` (master, volume, filer and S3 gateway in
// one process), built once per machine from the Go module proxy into ~/.cache/cadence-bin. Its defaults are unsafe
// here (listens on every interface, sends telemetry, fixed ports and /tmp sockets shared by every instance), so every listener
// is named below: 127.0.0.1 only, free ports, sockets under the profile's data folder, no telemetry, no admin UI.

const MODULE = "github.com/seaweedfs/seaweedfs";
/** The Go module proxy's pseudo-version of 2026-11-09 (`go install` is refused: its go.mod has a `replace`). */
const VERSION = "v0.0.0-20261109003541-7506e5f91cd6";
const LDFLAGS = "-s -w";
const BIN_DIR = process.env.CADENCE_BIN_DIR ?? path.join(os.homedir(), ".cache", "cadence-bin");
const WEED_BIN = path.join(BIN_DIR, "cadence-weed");
export const S3_BUCKET = "cadence";
export const S3_REGION = "us-east-1";

export type S3State = ServiceState & { accessKeyId: string; secretAccessKey: string };

async function ensureWeedBinary(): Promise<string> {
  const stamp = `${WEED_BIN}.version`;
  const wanted = `${MODULE}@${VERSION} ${LDFLAGS}`;
  const built = () => existsSync(WEED_BIN) && existsSync(stamp) && readFileSync(stamp, "utf8") === wanted;
  if (built()) return WEED_BIN;
  if (!which("go"))
    throw new StackError("No S3 server for media: install Go 1.26+ (to build SeaweedFS) or set S3_ENDPOINT");
  mkdirSync(BIN_DIR, { recursive: true });
  // Shared by every checkout on the machine: one launcher builds while the others wait; built beside its place and
  // renamed into it, so a running server or an interrupted build never sees half a binary.
  await withStackLock(path.join(BIN_DIR, "cadence-weed.lock"), "the SeaweedFS build", async () => {
    if (built()) return;
    log("building SeaweedFS (once per machine; 3-8 minutes and ~2.6 GB of memory the first time)…");
    const env = { ...process.env, GOTOOLCHAIN: "local", GOFLAGS: "-buildvcs=false" };
    const info = JSON.parse(capture("go", ["mod", "download", "-json", `${MODULE}@${VERSION}`], { env })) as {
      Dir?: string;
      Error?: string;
    };
    if (!info.Dir) throw new StackError(`go mod download ${MODULE}@${VERSION} failed: ${info.Error ?? "no Dir"}`);
    // The module cache is read-only: build in a writable copy.
    const src = path.join(BIN_DIR, `seaweedfs-src.${process.pid}`);
    const partial = `${WEED_BIN}.${process.pid}.partial`;
    try {
      await run("cp", ["-R", info.Dir, src]);
      await run("chmod", ["-R", "u+w", src]);
      await run("go", ["build", "-trimpath", `-ldflags=${LDFLAGS}`, "-o", partial, "./weed"], { cwd: src, env });
      renameSync(partial, WEED_BIN);
    } finally {
      rmSync(partial, { force: true });
      rmSync(src, { recursive: true, force: true });
    }
    writeFileSync(stamp, wanted);
  });
  return WEED_BIN;
}

/** Waits until the S3 gateway answers a signed HeadBucket for the bucket (created by `-bucket` at start). */
async function waitForBucket(port: number, credentials: { accessKeyId: string; secretAccessKey: string }) {
  const { S3Client, HeadBucketCommand } = await import("@aws-sdk/client-s3");
  const client = new S3Client({
    endpoint: `http://127.0.0.1:${port}`,
    region: S3_REGION,
    forcePathStyle: true,
    credentials,
    maxAttempts: 1,
  });
  const deadline = Date.now() + 60_000;
  let last: unknown;
  try {
    while (Date.now() < deadline) {
      try {
        await client.send(new HeadBucketCommand({ Bucket: S3_BUCKET }));
        return;
      } catch (error) {
        last = error;
        await new Promise((r) => setTimeout(r, 250));
      }
    }
  } finally {
    client.destroy();
  }
  throw new StackError(`SeaweedFS on 127.0.0.1:${port} did not serve bucket ${S3_BUCKET} within 60s: ${String(last)}`);
}

export async function startS3(profile: Profile): Promise<S3State> {
  const accessKeyId = localSecret(profile, "s3-access-key");
  const secretAccessKey = localSecret(profile, "s3-secret-key");
  const previous = readState(profile).s3;
  if (previous && pidAlive(previous.pid) && (await portOpen(previous.port))) {
    return { ...previous, accessKeyId, secretAccessKey, fresh: false };
  }
  const bin = await ensureWeedBinary();
  const dir = path.join(profileDir(profile), "s3");
  mkdirSync(dir, { recursive: true });
  const config = path.join(dir, "s3.json");
  const identity = { name: "cadence", credentials: [{ accessKey: accessKeyId, secretKey: secretAccessKey }] };
  const actions = ["Admin", "Read", "List", "Tagging", "Write"];
  writeFileSync(config, JSON.stringify({ identities: [{ ...identity, actions }] }), { mode: 0o600 });
  const port = previous && !(await portOpen(previous.port)) ? previous.port : await freePort();
  // The ports are kept for the next start: the master names its volume server by address, and after a restart on
  // other ports it "rebuilt" its state and froze volume growth (every write then failed: "no writable volumes").
  const portsFile = path.join(dir, "ports.json");
  const kept = (existsSync(portsFile) ? JSON.parse(readFileSync(portsFile, "utf8")) : {}) as Record<string, number>;
  const ports: Record<string, number> = {};
  const names = [
    "master",
    "volume",
    "filer",
    "admin",
    "s3.grpc",
    "master.grpc",
    "volume.grpc",
    "filer.grpc",
    "admin.grpc",
  ];
  for (const name of names) {
    const old = kept[name];
    ports[name] = old && !(await portOpen(old)) ? old : await freePort();
  }
  writeFileSync(portsFile, JSON.stringify(ports));
  // biome-ignore format: one option per line reads best
  const args = [
    "mini", `-dir=${path.join(dir, "data")}`, "-ip=127.0.0.1", "-ip.bind=127.0.0.1",
    "-master.telemetry=false", "-webdav=false", "-admin.ui=false", "-admin.port.legacy=0",
    "-s3.iam=false", "-s3.autoCreateBucket=false", `-bucket=${S3_BUCKET}`, `-s3.config=${config}`,
    "-s3.port.iceberg=0", "-s3.port.lance=0",
    `-s3.port=${port}`, `-s3.port.grpc=${ports["s3.grpc"]}`,
    `-master.port=${ports.master}`, `-master.port.grpc=${ports["master.grpc"]}`,
    `-volume.port=${ports.volume}`, `-volume.port.grpc=${ports["volume.grpc"]}`,
    `-filer.port=${ports.filer}`, `-filer.port.grpc=${ports["filer.grpc"]}`,
    // the admin server listens even with its UI off (fixed 12535/22535 by default, colliding between instances)
    `-admin.port=${ports.admin}`, `-admin.port.grpc=${ports["admin.grpc"]}`,
    `-filer.localSocket=${path.join(dir, "filer.sock")}`, `-s3.localSocket=${path.join(dir, "s3.sock")}`,
  ];
  mkdirSync(path.join(dir, "data"), { recursive: true });
  const logFd = openSync(path.join(dir, "server.log"), "a");
  const child = spawn(bin, args, { cwd: dir, detached: true, stdio: ["ignore", logFd, logFd] });
  child.unref();
  try {
    await waitForPort(port, "SeaweedFS (S3)", 60_000);
    await waitForBucket(port, { accessKeyId, secretAccessKey });
  } catch (error) {
    await stopPid(child.pid);
    throw error;
  }
  log(`SeaweedFS (S3) on 127.0.0.1:${port}`);
  return { port, pid: child.pid, kind: "seaweedfs", fresh: true, accessKeyId, secretAccessKey };
}

export async function stopS3(profile: Profile) {
  await stopPid(readState(profile).s3?.pid, 30_000);
}
