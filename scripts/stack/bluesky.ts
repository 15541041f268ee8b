import { spawn } from "node:child_process";
import { mkdirSync, openSync, rmSync } from "node:fs";
import path from "node:path";
import pg from "pg";
import { freePort, log, pidAlive, portOpen, StackError, stopPid } from "./proc";
import { type Profile, profileDir, readState, root, type ServiceState } from "./state";

// A real Bluesky network for the adapters' tests (issue 10): @atproto/dev-env's TestNetwork (a devDependency) run in
// its own Node process (scripts/stack/bluesky-pds.mjs): a PDS with its PLC directory, and the AppView (@atproto/bsky,
// with the bsync and ozone services it needs) that the PDS proxies app.bsky.* reads to — so likes, reposts, replies
// and quotes can be counted as in production. Every listener is forced onto 127.0.0.1 by a preload (its servers call
// listen() with no host), its temporary files go under .data/<profile>/bluesky/tmp, and the AppView, bsync and ozone
// keep their tables in a database of their own on the launcher's PostgreSQL (`<database>_bluesky`, made afresh at
// each start: the PLC directory lives in memory, so yesterday's rows name identities that no longer exist).
// Nothing to build but better-sqlite3, which npm compiles at install against the launcher's Node.

/** `appviewPort` 0: started without the AppView. */
export type BlueskyState = ServiceState & { plcPort: number; appviewPort: number; controlPort: number };

const SCRIPT = path.join(root, "scripts", "stack", "bluesky-pds.mjs");
const PRELOAD = path.join(root, "scripts", "stack", "listen-loopback.mjs");

/** Waits until the network's control port answers GET / (it listens once every server is up); throws if its process exits first. */
async function waitForNetwork(controlPort: number, pid: number | undefined, timeoutMs: number) {
  const deadline = Date.now() + timeoutMs;
  let last = "";
  while (Date.now() < deadline) {
    if (!pidAlive(pid))
      throw new StackError("the Bluesky network exited while starting (see .data/<profile>/bluesky/server.log)");
    try {
      const res = await fetch(`http://127.0.0.1:${controlPort}/`, { signal: AbortSignal.timeout(2_000) });
      if (res.ok) return;
      last = `HTTP ${res.status}`;
    } catch (error) {
      last = String(error);
    }
    await new Promise((r) => setTimeout(r, 200));
  }
  throw new StackError(`the Bluesky network did not come up within ${timeoutMs / 1000}s: ${last}`);
}

/** Ports for the servers: each previous one when it is free (so URLs stay the same across restarts), all distinct. */
async function keptPorts(previous: Array<number | undefined>): Promise<number[]> {
  const ports: number[] = [];
  for (const p of previous) {
    let port = p && !(await portOpen(p)) && !ports.includes(p) ? p : await freePort();
    while (ports.includes(port)) port = await freePort();
    ports.push(port);
  }
  return ports;
}

/**
 * (Re)creates the AppView's own database `<name of databaseUrl's database>_bluesky` on the same PostgreSQL server and
 * returns its URL. Throws StackError naming the database when the server refuses (e.g. a role without CREATEDB).
 */
async function freshDatabase(databaseUrl: string): Promise<string> {
  const url = new URL(databaseUrl);
  const name = `${decodeURIComponent(url.pathname.slice(1)) || "postgres"}_bluesky`.replace(/[^a-zA-Z0-9_]/g, "_");
  const client = new pg.Client({ connectionString: databaseUrl });
  try {
    await client.connect();
    await client.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
    await client.query(`CREATE DATABASE ${name}`);
  } catch (error) {
    throw new StackError(`could not make the Bluesky AppView's database ${name}: ${(error as Error).message}`);
  } finally {
    await client.end().catch(() => {});
  }
  url.pathname = `/${name}`;
  url.search = "";
  return url.toString();
}

/**
 * Starts (or reuses) the profile's Bluesky network on the given PostgreSQL (`databaseUrl`: the AppView gets a
 * database of its own beside it) and Redis (`redisHost`, host:port — dev-env requires one). `appView: false` runs
 * the PDS and PLC alone (the bench: no indexing competing with the PDS it measures).
 */
export async function startBluesky(
  profile: Profile,
  { databaseUrl, redisHost, appView }: { databaseUrl: string; redisHost: string; appView: boolean },
): Promise<BlueskyState> {
  const previous = readState(profile).bluesky;
  if (
    previous?.controlPort &&
    previous.appviewPort !== undefined &&
    previous.appviewPort > 0 === appView &&
    pidAlive(previous.pid) &&
    (await portOpen(previous.port)) &&
    (await portOpen(previous.plcPort)) &&
    (!appView || (await portOpen(previous.appviewPort))) &&
    (await portOpen(previous.controlPort))
  ) {
    return { ...previous, fresh: false };
  }
  await stopPid(previous?.pid, 15_000); // half-alive leftovers (one listener gone), or one without an AppView
  const dir = path.join(profileDir(profile), "bluesky");
  // dev-env never removes its data; its PLC directory is in memory, so a new process cannot use the old PDS data.
  const tmp = path.join(dir, "tmp");
  rmSync(tmp, { recursive: true, force: true });
  mkdirSync(tmp, { recursive: true });
  const [plcPort, port, keptAppviewPort, controlPort] = (await keptPorts([
    previous?.plcPort,
    previous?.port,
    previous?.appviewPort,
    previous?.controlPort,
  ])) as [number, number, number, number];
  const appviewPort = appView ? keptAppviewPort : 0;
  const database = appView ? { DB_POSTGRES_URL: await freshDatabase(databaseUrl), REDIS_HOST: redisHost } : {};
  const logFd = openSync(path.join(dir, "server.log"), "a");
  const startedAt = Date.now();
  const args = [plcPort, port, appviewPort, controlPort].map(String);
  const child = spawn(process.execPath, ["--import", PRELOAD, SCRIPT, ...args], {
    cwd: root,
    detached: true,
    stdio: ["ignore", logFd, logFd],
    env: { ...process.env, TMPDIR: tmp, ...database },
  });
  child.unref();
  try {
    await waitForNetwork(controlPort, child.pid, 120_000);
  } catch (error) {
    await stopPid(child.pid, 15_000);
    throw error;
  }
  const seconds = ((Date.now() - startedAt) / 1000).toFixed(1);
  const appviewAt = appView ? `AppView on 127.0.0.1:${appviewPort}` : "no AppView";
  log(`Bluesky PDS on 127.0.0.1:${port}, ${appviewAt}, PLC on 127.0.0.1:${plcPort} (${seconds} s)`);
  return { port, plcPort, appviewPort, controlPort, pid: child.pid, kind: "atproto-dev-env", fresh: true };
}

export async function stopBluesky(profile: Profile) {
  await stopPid(readState(profile).bluesky?.pid, 15_000);
}
