import { type ChildProcess, spawn } from "node:child_process";
import path from "node:path";

const root = path.resolve(import.meta.dirname, "../..");

/**
 * The real worker (worker/index.ts through tsx) as a child process with extra env; its output kept for failures.
 * Node loads tsx as a module hook (`node --import tsx`) rather than through the tsx CLI: the CLI runs the script
 * in a grandchild process, which a SIGKILL of the CLI would leave running.
 */
export function spawnWorkerProcess(env: Record<string, string>) {
  const child: ChildProcess = spawn(process.execPath, ["--import", "tsx", "worker/index.ts"], {
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
