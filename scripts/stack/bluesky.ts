import { spawn } from "node:child_process";
import { mkdirSync, openSync, rmSync } from "node:fs";
import path from "node:path";
import { freePort, log, pidAlive, portOpen, StackError, stopPid } from "./proc";
import { type Profile, profileDir, readState, root, type ServiceState } from "./state";

// A real Bluesky PDS and PLC directory for the adapters' tests (issue 10): @atproto/dev-env (a devDependency) run in
// its own Node process (scripts/stack/bluesky-pds.mjs), every listener forced onto 127.0.0.1 by a preload (its servers
// call listen() with no host), its temporary files under .data/<profile>/bluesky/tmp. Nothing to build but
// better-sqlite3, which npm compiles at install against the launcher's Node (scripts/bootstrap.mjs sets nodedir).

export type BlueskyState = ServiceState & { plcPort: number };

const SCRIPT = path.join(root, "scripts", "stack", "bluesky-pds.mjs");
const PRELOAD = path.join(root, "scripts", "stack", "listen-loopback.mjs");

/** Waits until the PDS answers GET /xrpc/_health (bounded); throws if its process exits first. */
async function waitForPds(port: number, pid: number | undefined, timeoutMs: number) {
  const deadline = Date.now() + timeoutMs;
  let last = "";
  while (Date.now() < deadline) {
    if (!pidAlive(pid))
      throw new StackError("the Bluesky PDS exited while starting (see .data/<profile>/bluesky/server.log)");
    try {
      const res = await fetch(`http://127.0.0.1:${port}/xrpc/_health`, { signal: AbortSignal.timeout(2_000) });
      if (res.ok) return;
      last = `HTTP ${res.status}`;
    } catch (error) {
      last = String(error);
    }
    await new Promise((r) => setTimeout(r, 200));
  }
  throw new StackError(`the Bluesky PDS on 127.0.0.1:${port} did not answer within ${timeoutMs / 1000}s: ${last}`);
}

/** A port for `name`: the previous one when it is free (so URLs stay the same across restarts), else a new one. */
async function keptPort(previous: number | undefined): Promise<number> {
  return previous && !(await portOpen(previous)) ? previous : freePort();
}

export async function startBluesky(profile: Profile): Promise<BlueskyState> {
  const previous = readState(profile).bluesky;
  if (previous && pidAlive(previous.pid) && (await portOpen(previous.port)) && (await portOpen(previous.plcPort))) {
    return { ...previous, fresh: false };
  }
  await stopPid(previous?.pid); // half-alive leftovers (one listener gone)
  const dir = path.join(profileDir(profile), "bluesky");
  // dev-env never removes its data; its PLC directory is in memory, so a new process cannot use the old PDS data.
  const tmp = path.join(dir, "tmp");
  rmSync(tmp, { recursive: true, force: true });
  mkdirSync(tmp, { recursive: true });
  const plcPort = await keptPort(previous?.plcPort);
  let port = await keptPort(previous?.port);
  if (port === plcPort) port = await freePort();
  const logFd = openSync(path.join(dir, "server.log"), "a");
  const child = spawn(process.execPath, ["--import", PRELOAD, SCRIPT, String(plcPort), String(port)], {
    cwd: root,
    detached: true,
    stdio: ["ignore", logFd, logFd],
    env: { ...process.env, TMPDIR: tmp },
  });
  child.unref();
  try {
    await waitForPds(port, child.pid, 60_000);
  } catch (error) {
    await stopPid(child.pid);
    throw error;
  }
  log(`Bluesky PDS on 127.0.0.1:${port} (PLC directory on 127.0.0.1:${plcPort})`);
  return { port, plcPort, pid: child.pid, kind: "atproto-dev-env", fresh: true };
}

export async function stopBluesky(profile: Profile) {
  await stopPid(readState(profile).bluesky?.pid, 15_000);
}
