import { spawn } from "node:child_process";
import { existsSync, mkdirSync, openSync, readdirSync, readFileSync, renameSync, rmSync, writeFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { withStackLock } from "./lock";
import { capture, freePort, log, pidAlive, portOpen, run, StackError, stopPid, which } from "./proc";
import { type Profile, profileDir, readState, type ServiceState } from "./state";

// A real Mastodon-API server for the adapters' tests (issue 10): GoToSocial v0.19.2, built once per machine from the
// Go module proxy into ~/.cache/cadence-bin (with its web templates beside it: the OAuth sign-in page needs them),
// run per profile on SQLite under .data/<profile>/gotosocial, bound to 127.0.0.1, federation off, no registrations
// (accounts are made with its admin CLI: tests/helpers/mastodon-accounts.ts).

const MODULE = "github.com/superseriousbusiness/gotosocial";
const VERSION = "v0.19.2";
const LDFLAGS = `-s -w -X main.Version=${VERSION.slice(1)}`;
const BIN_DIR = process.env.CADENCE_BIN_DIR ?? path.join(os.homedir(), ".cache", "cadence-bin");
const GTS_BIN = path.join(BIN_DIR, "cadence-gotosocial");
/** The source tree's web/template and web/assets, kept beside the binary. */
const GTS_WEB = path.join(BIN_DIR, `gotosocial-${VERSION}-web`);
/** wazero's compilation cache of the ffmpeg/ffprobe WebAssembly GoToSocial embeds: first start 8-17 s, later ~2 s. */
export const GTS_WAZERO_CACHE = path.join(BIN_DIR, "gotosocial-wazero-cache");

export type GoToSocialState = ServiceState & { config: string; bin: string };

/**
 * Widens the Go-version ranges of vendored files that end before the running Go: three files under codeberg.org/gruf
 * (go-structr/runtime.go, go-mutexes/map_unsafe.go, go-mangler/helpers.go) say `//go:build go1.22 && !go1.25` (their
 * unsafe runtime tricks, checked up to the Go that was next), so on Go >= 1.25 nothing defines their functions and
 * the build fails. Upstream widened the same ranges when Go 1.25 came; with Go 1.26 the code built and ran cleanly.
 * Only a range (a lower and an upper bound) is widened, never a lone `!go1.N` fallback file.
 */
function widenGoBuildTags(vendorDir: string) {
  const goMinor = Number(/go1\.(\d+)/.exec(capture("go", ["env", "GOVERSION"]))?.[1] ?? 0);
  const range = /^(\/\/go:build go1\.\d+ && !go1\.)(\d+)$/m;
  const walk = (dir: string) => {
    for (const entry of readdirSync(dir, { withFileTypes: true })) {
      const file = path.join(dir, entry.name);
      if (entry.isDirectory()) walk(file);
      else if (entry.name.endsWith(".go")) {
        const text = readFileSync(file, "utf8");
        const tag = range.exec(text);
        if (tag && Number(tag[2]) <= goMinor) writeFileSync(file, text.replace(range, `$1${goMinor + 1}`));
      }
    }
  };
  const gruf = path.join(vendorDir, "codeberg.org", "gruf");
  if (existsSync(gruf)) walk(gruf);
}

async function ensureGoToSocialBinary(): Promise<string> {
  const stamp = `${GTS_BIN}.version`;
  const wanted = `${MODULE}@${VERSION} ${LDFLAGS}`;
  const built = () =>
    existsSync(GTS_BIN) && existsSync(GTS_WEB) && existsSync(stamp) && readFileSync(stamp, "utf8") === wanted;
  if (built()) return GTS_BIN;
  if (!which("go")) throw new StackError("No Mastodon-API server for tests: install Go 1.24+ (to build GoToSocial)");
  mkdirSync(BIN_DIR, { recursive: true });
  // Shared by every checkout on the machine: one launcher builds while the others wait; the binary and the web
  // folder are made beside their places and renamed into them, so nothing ever sees half a build.
  await withStackLock(path.join(BIN_DIR, "cadence-gotosocial.lock"), "the GoToSocial build", async () => {
    if (built()) return;
    log("building GoToSocial (once per machine; 3-8 minutes and ~2 GB of memory the first time)…");
    const env = { ...process.env, GOTOOLCHAIN: "local", GOFLAGS: "-buildvcs=false" };
    // `go install …@v0.19.2` fails here (the proxy refuses the module's version list); an exact download works.
    const info = JSON.parse(capture("go", ["mod", "download", "-json", `${MODULE}@${VERSION}`], { env })) as {
      Dir?: string;
      Error?: string;
    };
    if (!info.Dir) throw new StackError(`go mod download ${MODULE}@${VERSION} failed: ${info.Error ?? "no Dir"}`);
    const src = path.join(BIN_DIR, `gotosocial-src.${process.pid}`);
    const partial = `${GTS_BIN}.${process.pid}.partial`;
    const webPartial = `${GTS_WEB}.${process.pid}.partial`;
    try {
      // The module cache is read-only: build in a writable copy. Its vendor/ holds only modules.txt: vendor anew.
      await run("cp", ["-R", info.Dir, src]);
      await run("chmod", ["-R", "u+w", src]);
      rmSync(path.join(src, "vendor"), { recursive: true, force: true });
      await run("go", ["mod", "vendor"], { cwd: src, env });
      widenGoBuildTags(path.join(src, "vendor"));
      // biome-ignore format: one option per line reads best
      await run("go", [
        "build", "-mod=vendor", "-trimpath", `-ldflags=${LDFLAGS}`, "-o", partial, "./cmd/gotosocial",
      ], { cwd: src, env });
      mkdirSync(webPartial, { recursive: true });
      await run("cp", ["-R", path.join(src, "web", "template"), path.join(src, "web", "assets"), webPartial]);
      rmSync(GTS_WEB, { recursive: true, force: true });
      renameSync(webPartial, GTS_WEB);
      renameSync(partial, GTS_BIN);
    } finally {
      rmSync(partial, { force: true });
      rmSync(webPartial, { recursive: true, force: true });
      rmSync(src, { recursive: true, force: true });
    }
    writeFileSync(stamp, wanted);
  });
  return GTS_BIN;
}

/** The server's configuration (YAML is a superset of JSON): 127.0.0.1 only, SQLite, local storage, no federation. */
function writeConfig(dir: string, port: number): string {
  const config = {
    host: `127.0.0.1:${port}`,
    protocol: "http",
    "bind-address": "127.0.0.1",
    port,
    "trusted-proxies": ["127.0.0.1/32"],
    "db-type": "sqlite",
    "db-address": path.join(dir, "sqlite.db"),
    "storage-backend": "local",
    "storage-local-base-path": path.join(dir, "storage"),
    "letsencrypt-enabled": false,
    "accounts-registration-open": false,
    "instance-federation-mode": "allowlist",
    "instance-expose-peers": false,
    "advanced-rate-limit-requests": 0,
    "advanced-throttling-multiplier": 0,
    "web-template-base-dir": path.join(GTS_WEB, "template"),
    "web-asset-base-dir": path.join(GTS_WEB, "assets"),
    "log-level": "warn",
    "log-db-queries": false,
  };
  const file = path.join(dir, "config.yaml");
  writeFileSync(file, `${JSON.stringify(config, null, 2)}\n`);
  return file;
}

/** Waits until the API answers GET /api/v1/instance (its database is migrated and its routes are up). */
async function waitForInstance(port: number, pid: number | undefined, timeoutMs: number) {
  const deadline = Date.now() + timeoutMs;
  let last = "";
  while (Date.now() < deadline) {
    if (!pidAlive(pid)) throw new StackError("GoToSocial exited while starting (see its server.log)");
    try {
      const res = await fetch(`http://127.0.0.1:${port}/api/v1/instance`, { signal: AbortSignal.timeout(2_000) });
      if (res.ok) return;
      last = `HTTP ${res.status}`;
    } catch (error) {
      last = String(error);
    }
    await new Promise((r) => setTimeout(r, 250));
  }
  throw new StackError(`GoToSocial on 127.0.0.1:${port} did not answer within ${timeoutMs / 1000}s: ${last}`);
}

export async function startGoToSocial(profile: Profile): Promise<GoToSocialState> {
  const previous = readState(profile).gotosocial;
  if (previous && pidAlive(previous.pid) && (await portOpen(previous.port))) return { ...previous, fresh: false };
  const bin = await ensureGoToSocialBinary();
  const dir = path.join(profileDir(profile), "gotosocial");
  mkdirSync(path.join(dir, "storage"), { recursive: true });
  mkdirSync(GTS_WAZERO_CACHE, { recursive: true });
  // Same port as last time when it is free: the server's accounts and statuses name it (host in the config).
  const port = previous && !(await portOpen(previous.port)) ? previous.port : await freePort();
  const config = writeConfig(dir, port);
  const logFd = openSync(path.join(dir, "server.log"), "a");
  const child = spawn(bin, ["--config-path", config, "server", "start"], {
    cwd: dir,
    detached: true,
    stdio: ["ignore", logFd, logFd],
    env: { ...process.env, GTS_WAZERO_COMPILATION_CACHE: GTS_WAZERO_CACHE },
  });
  child.unref();
  try {
    // The first start on a machine compiles the embedded ffmpeg into the wazero cache (8-17 s on 2 cores).
    await waitForInstance(port, child.pid, 120_000);
  } catch (error) {
    await stopPid(child.pid);
    throw error;
  }
  log(`GoToSocial (Mastodon API) on 127.0.0.1:${port}`);
  return { port, pid: child.pid, kind: "gotosocial", fresh: true, config, bin };
}

export async function stopGoToSocial(profile: Profile) {
  await stopPid(readState(profile).gotosocial?.pid, 20_000);
}
