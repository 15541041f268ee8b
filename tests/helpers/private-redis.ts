import { type ChildProcess, spawn } from "node:child_process";
import { mkdtempSync, rmSync } from "node:fs";
import { createServer } from "node:net";
import { tmpdir } from "node:os";
import path from "node:path";
import { Redis } from "ioredis";
import { waitFor } from "@/tests/helpers/wait-for";

/** A free TCP port on 127.0.0.1 (the OS picks one; the listener is closed before it is returned). */
async function freePort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const address = server.address();
  await new Promise((resolve) => server.close(resolve));
  if (!address || typeof address === "string") throw new Error("no port");
  return address.port;
}

/**
 * A private redis-server child on a free 127.0.0.1 port (no persistence, its own temp dir), so a test can stop it
 * (SIGSTOP: hung, connections stay open and unanswered), resume it (SIGCONT) or kill it without touching the
 * stack's shared Redis. `stop()` kills it and removes its folder.
 */
export async function startPrivateRedis(port?: number) {
  const chosen = port ?? (await freePort());
  const dir = mkdtempSync(path.join(tmpdir(), "cadence-redis-"));
  const child: ChildProcess = spawn(
    "redis-server",
    ["--bind", "127.0.0.1", "--port", String(chosen), "--dir", dir, "--save", "", "--appendonly", "no"],
    { stdio: "ignore" },
  );
  const exited = new Promise<void>((resolve) => child.on("exit", () => resolve()));
  const url = `redis://127.0.0.1:${chosen}`;
  const probe = new Redis(url, { lazyConnect: true, maxRetriesPerRequest: 0, retryStrategy: () => null });
  probe.on("error", () => undefined);
  await waitFor(
    async () => {
      await probe.connect().catch(() => undefined);
      return (await probe.ping().catch(() => "")) === "PONG";
    },
    { what: `redis-server on port ${chosen}`, timeoutMs: 10_000 },
  );
  probe.disconnect();
  return {
    url,
    port: chosen,
    pause: () => child.kill("SIGSTOP"),
    resume: () => child.kill("SIGCONT"),
    async stop() {
      if (child.exitCode === null && child.signalCode === null) {
        child.kill("SIGCONT");
        child.kill("SIGKILL");
        await exited;
      }
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

export type PrivateRedis = Awaited<ReturnType<typeof startPrivateRedis>>;
