// Entry point of the README's commands. Plain Node (no dependencies) so it runs on a fresh clone:
// installs npm packages when package-lock.json changed since the last install, then hands over to the
// TypeScript launcher (scripts/stack.ts).
import { spawnSync } from "node:child_process";
import { createHash } from "node:crypto";
import { existsSync, readFileSync, writeFileSync } from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..");
const [major] = process.versions.node.split(".").map(Number);
if (major < 20) {
  console.error(`Cadence needs Node.js 20 or newer (this is ${process.version}).`);
  process.exit(1);
}

const lock = path.join(root, "package-lock.json");
const stamp = path.join(root, "node_modules", ".cadence-install-stamp");
const want = createHash("sha256")
  .update(readFileSync(existsSync(lock) ? lock : path.join(root, "package.json")))
  .digest("hex");
const have = existsSync(stamp) ? readFileSync(stamp, "utf8").trim() : "";
if (want !== have) {
  console.error("[cadence] installing npm packages…");
  const args = existsSync(lock) ? ["ci", "--no-audit", "--no-fund"] : ["install", "--no-audit", "--no-fund"];
  const r = spawnSync("npm", args, { cwd: root, stdio: "inherit" });
  if (r.status !== 0) process.exit(r.status ?? 1);
  writeFileSync(stamp, want);
}

const tsx = path.join(root, "node_modules", ".bin", "tsx");
const r = spawnSync(tsx, [path.join(root, "scripts", "stack.ts"), ...process.argv.slice(2)], {
  cwd: root,
  stdio: "inherit",
});
process.exit(r.status ?? (r.signal ? 1 : 0));
