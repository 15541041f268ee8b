import { type SpawnOptions, spawn, spawnSync } from "node:child_process";
import net from "node:net";

export const log = (msg: string) => console.error(`[cadence] ${msg}`);

export class StackError extends Error {}

/** Runs a command to completion with inherited output; throws naming the command on failure. */
export function run(cmd: string, args: string[], opts: SpawnOptions = {}): Promise<void> {
  return new Promise((resolve, reject) => {
    const child = spawn(cmd, args, { stdio: "inherit", ...opts });
    child.on("error", (e) => reject(new StackError(`${cmd} could not start: ${e.message}`)));
    child.on("exit", (code, signal) =>
      code === 0
        ? resolve()
        : reject(new StackError(`${[cmd, ...args].join(" ")} failed (${signal ?? `exit ${code}`})`)),
    );
  });
}

/** Runs a command and returns its stdout (throws on non-zero exit). */
export function capture(cmd: string, args: string[], opts: SpawnOptions = {}): string {
  const r = spawnSync(cmd, args, { encoding: "utf8", ...opts });
  if (r.status !== 0) throw new StackError(`${[cmd, ...args].join(" ")} failed: ${r.stderr || r.error?.message}`);
  return String(r.stdout);
}

export function which(cmd: string): string | undefined {
  const r = spawnSync("sh", ["-c", `command -v ${cmd}`], { encoding: "utf8" });
  return r.status === 0 ? r.stdout.trim() : undefined;
}

export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const srv = net.createServer();
    srv.unref();
    srv.on("error", reject);
    srv.listen(0, "127.0.0.1", () => {
      const addr = srv.address();
      srv.close(() => (typeof addr === "object" && addr ? resolve(addr.port) : reject(new Error("no port"))));
    });
  });
}

export function portOpen(port: number, host = "127.0.0.1", timeoutMs = 500): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = net.connect({ port, host });
    const done = (ok: boolean) => {
      socket.destroy();
      resolve(ok);
    };
    socket.setTimeout(timeoutMs, () => done(false));
    socket.once("connect", () => done(true));
    socket.once("error", () => done(false));
  });
}

/** Waits until something accepts connections on the port (bounded). */
export async function waitForPort(port: number, what: string, timeoutMs = 30_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (await portOpen(port)) return;
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new StackError(`${what} did not accept connections on 127.0.0.1:${port} within ${timeoutMs / 1000}s`);
}

export function pidAlive(pid: number | undefined): boolean {
  if (!pid) return false;
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

export async function stopPid(pid: number | undefined, timeoutMs = 10_000): Promise<void> {
  if (!pidAlive(pid)) return;
  process.kill(pid as number, "SIGTERM");
  const deadline = Date.now() + timeoutMs;
  while (pidAlive(pid) && Date.now() < deadline) await new Promise((r) => setTimeout(r, 100));
  if (pidAlive(pid)) process.kill(pid as number, "SIGKILL");
}
