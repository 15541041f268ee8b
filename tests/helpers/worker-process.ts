import { type ChildProcess, spawn } from "node:child_process";
import { randomUUID } from "node:crypto";
import path from "node:path";
import { afterAll, afterEach, beforeEach } from "vitest";
import { createPrismaClient } from "@/lib/db/prisma";
import { createRedis } from "@/lib/db/redis";
import { createTestWorkspace } from "@/tests/helpers/factories";
import { startWebhookReceiver, type WebhookReceiver } from "@/tests/helpers/webhook-receiver";

const root = path.resolve(import.meta.dirname, "../..");

/**
 * The real worker (worker/index.ts through tsx) as a child process with extra env; its output kept for failures.
 * Node loads tsx as a module hook (`node --import tsx`) rather than through the tsx CLI: the CLI runs the script
 * in a grandchild process, which a SIGKILL of the CLI would leave running.
 */
export function spawnWorkerProcess(env: Record<string, string>) {
  const child: ChildProcess = spawn(process.execPath, ["--import", "./scripts/tsx-loader.mjs", "worker/index.ts"], {
    cwd: root,
    env: { ...process.env, LOG_LEVEL: "info", ...env },
    stdio: ["ignore", "pipe", "pipe"],
  });
  let output = "";
  child.stdout?.on("data", (d: Buffer) => {
    output += d.toString();
  });
  child.stderr?.on("data", (d: Buffer) => {
    output += d.toString();
  });
  const exited = new Promise<number | null>((resolve) => child.on("exit", (code) => resolve(code)));
  return {
    child,
    exited,
    output: () => output,
    /** Resolves with the exit code, or rejects after `timeoutMs` (the process is then SIGKILLed). */
    async waitForExit(timeoutMs = 30_000) {
      let timer: NodeJS.Timeout | undefined;
      const timeout = new Promise<never>((_, reject) => {
        timer = setTimeout(() => {
          child.kill("SIGKILL");
          reject(new Error(`worker did not exit within ${timeoutMs} ms:\n${output.slice(-3000)}`));
        }, timeoutMs);
      });
      return Promise.race([exited, timeout]).finally(() => clearTimeout(timer));
    },
    async stop() {
      if (child.exitCode === null && child.signalCode === null) child.kill("SIGKILL");
      await exited;
    },
  };
}

/** What each test of a worker-process suite gets fresh: its own queue name, webhook receiver and workspace. */
export type WorkerProcessTestState = { queueName: string; receiver: WebhookReceiver; workspaceId: string };

/**
 * The shared setup of the suites that run real worker processes (worker-recovery, worker-chaos): one Prisma client
 * and one Redis connection per file; before each test a new queue name, a webhook receiver signing with `secret`
 * and a workspace, handed to `onEach`; after each, the test's `cleanups` (last first), the receiver and the
 * workspace go; after all, the connections close.
 */
export function setupWorkerProcessSuite(secret: string, onEach: (state: WorkerProcessTestState) => void) {
  const db = createPrismaClient();
  const redis = createRedis("worker");
  const cleanups: Array<() => Promise<unknown>> = [];
  let state: WorkerProcessTestState | undefined;
  beforeEach(async () => {
    state = {
      queueName: `test-${randomUUID()}`,
      receiver: await startWebhookReceiver({ secret }),
      workspaceId: (await createTestWorkspace(db, {})).workspace.id,
    };
    onEach(state);
  });
  afterEach(async () => {
    for (const cleanup of cleanups.splice(0).reverse()) await cleanup().catch(() => undefined);
    if (!state) return;
    await state.receiver.close();
    await db.workspace.delete({ where: { id: state.workspaceId } });
  });
  afterAll(async () => {
    await redis.quit();
    await db.$disconnect();
  });
  return { db, redis, cleanups };
}
