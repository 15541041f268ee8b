import { existsSync, mkdirSync, readFileSync, rmSync } from "node:fs";
import path from "node:path";
import { freePort, log, pidAlive, portOpen, run, StackError, stopPid, waitForPort, which } from "./proc";
import { type Profile, profileDir, readState, type ServiceState } from "./state";

// Redis for BullMQ, as BullMQ's production guide asks: append-only persistence and no eviction.

function dir(profile: Profile) {
  const d = path.join(profileDir(profile), "redis");
  mkdirSync(d, { recursive: true });
  return d;
}

function pidFromFile(profile: Profile): number | undefined {
  const file = path.join(dir(profile), "redis.pid");
  const pid = existsSync(file) ? Number(readFileSync(file, "utf8").trim()) : Number.NaN;
  return Number.isInteger(pid) && pid > 0 ? pid : undefined;
}

/**
 * The daemonized server's pid, once it has written its pid file. Redis opens its port before it writes the file
 * (server.c: initServer, then createPidFile), so a launcher reading the file the moment the port answers can find
 * none — then it recorded no pid, the next launcher took the running server for dead and started a second one on the
 * same data folder (seen in CI with two launchers at once). Waits at most `timeoutMs`.
 * @throws {StackError} when no live pid appears in time
 */
async function waitForPidFile(profile: Profile, timeoutMs = 10_000): Promise<number> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const pid = pidFromFile(profile);
    if (pid !== undefined && pidAlive(pid)) return pid;
    if (Date.now() >= deadline)
      throw new StackError(`Redis did not write ${path.join(dir(profile), "redis.pid")} within ${timeoutMs} ms`);
    await new Promise((r) => setTimeout(r, 20));
  }
}

export async function startRedis(profile: Profile): Promise<ServiceState> {
  const previous = readState(profile).redis;
  if (previous && pidAlive(previous.pid) && (await portOpen(previous.port))) return { ...previous, fresh: false };
  const server = which("redis-server");
  if (!server) throw new StackError("redis-server is not installed (apt-get install redis-server)");
  const port = previous && !(await portOpen(previous.port)) ? previous.port : await freePort();
  const d = dir(profile);
  // A pid file left by a server that was killed would pass for the new one's until that writes its own.
  if (!pidAlive(pidFromFile(profile))) rmSync(path.join(d, "redis.pid"), { force: true });
  // biome-ignore format: one option per line reads best
  await run(server, [
    "--port", String(port), "--bind", "127.0.0.1", "--protected-mode", "yes",
    "--dir", d, "--appendonly", "yes", "--appendfsync", profile === "dev" ? "everysec" : "no",
    "--maxmemory-policy", "noeviction", "--save", "",
    "--daemonize", "yes", "--pidfile", path.join(d, "redis.pid"), "--logfile", path.join(d, "redis.log"),
  ]);
  await waitForPort(port, "Redis");
  log(`Redis on 127.0.0.1:${port}`);
  return { port, pid: await waitForPidFile(profile), fresh: true };
}

export async function stopRedis(profile: Profile) {
  await stopPid(pidFromFile(profile) ?? readState(profile).redis?.pid);
}
