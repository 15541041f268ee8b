import os from "node:os";
import path from "node:path";
import { withStackLock } from "./lock";
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
  // apt-get refuses to run twice at once: launchers of several checkouts install one after the other, and a
  // waiter finds the package already there. DPkg::Lock::Timeout also waits for other users of dpkg.
  await withStackLock(path.join(os.tmpdir(), "cadence-apt-get.lock"), "apt-get", async () => {
    const still = missing.filter((m) => !which(m.command));
    if (still.length === 0) return;
    const packages = [...new Set(still.map((m) => m.aptPackage))];
    log(`installing system packages: ${packages.join(", ")}`);
    const env = { ...process.env, DEBIAN_FRONTEND: "noninteractive" };
    const wait = ["-o", "DPkg::Lock::Timeout=300"];
    await run("apt-get", [...wait, "update", "-qq"], { env });
    await run("apt-get", [...wait, "install", "-y", "-qq", ...packages], { env });
  });
  for (const m of missing) if (!which(m.command)) throw new StackError(`${m.command} still missing after installing`);
}
