import { existsSync, mkdirSync, readFileSync } from "node:fs";
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
  return existsSync(file) ? Number(readFileSync(file, "utf8").trim()) : undefined;
}

export async function startRedis(profile: Profile): Promise<ServiceState> {
  const previous = readState(profile).redis;
  if (previous && pidAlive(previous.pid) && (await portOpen(previous.port))) return { ...previous, fresh: false };
  const server = which("redis-server");
  if (!server) throw new StackError("redis-server is not installed (apt-get install redis-server)");
  const port = previous && !(await portOpen(previous.port)) ? previous.port : await freePort();
  const d = dir(profile);
  // biome-ignore format: one option per line reads best
  await run(server, [
    "--port", String(port), "--bind", "127.0.0.1", "--protected-mode", "yes",
    "--dir", d, "--appendonly", "yes", "--appendfsync", profile === "dev" ? "everysec" : "no",
    "--maxmemory-policy", "noeviction", "--save", "",
    "--daemonize", "yes", "--pidfile", path.join(d, "redis.pid"), "--logfile", path.join(d, "redis.log"),
  ]);
  await waitForPort(port, "Redis");
  log(`Redis on 127.0.0.1:${port}`);
  return { port, pid: pidFromFile(profile), fresh: true };
}

export async function stopRedis(profile: Profile) {
  await stopPid(pidFromFile(profile));
}
