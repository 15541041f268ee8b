import { log, run, StackError, which } from "./proc";

/**
 * Makes sure the system packages a command needs are there: installs them with apt-get when we are root on
 * Debian/Ubuntu, otherwise stops with a message saying what to install.
 */
export async function ensureSystemPackages(needs: { command: string; aptPackage: string; why: string }[]) {
  const missing = needs.filter((n) => !which(n.command));
  if (missing.length === 0) return;
  const names = [...new Set(missing.map((m) => m.aptPackage))];
  const isRoot = process.getuid?.() === 0;
  if (!isRoot || !which("apt-get")) {
    const lines = missing.map((m) => `  - ${m.command} (${m.why})`).join("\n");
    throw new StackError(
      `Missing system packages:\n${lines}\nInstall them, e.g.: sudo apt-get install -y ${names.join(" ")}`,
    );
  }
  log(`installing system packages: ${names.join(", ")}`);
  const env = { ...process.env, DEBIAN_FRONTEND: "noninteractive" };
  await run("apt-get", ["update", "-qq"], { env });
  await run("apt-get", ["install", "-y", "-qq", ...names], { env });
  for (const m of missing) if (!which(m.command)) throw new StackError(`${m.command} still missing after installing`);
}
