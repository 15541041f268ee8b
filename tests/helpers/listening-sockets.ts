import { readdirSync, readFileSync, readlinkSync } from "node:fs";

// Which addresses a local server listens on, read from Linux's /proc (proc(5): /proc/net/tcp, /proc/net/tcp6, and
// /proc/<pid>/fd links "socket:[inode]"), so a test can prove a server is reachable on 127.0.0.1 only.

export type Listener = { address: string; port: number; inode: string };

/** "0100007F" (IPv4, host byte order = little-endian here) → "127.0.0.1"; 32 hex digits (IPv6, 4 such words) → "::1" style. */
function decodeAddress(hex: string): string {
  const words = hex.match(/.{8}/g) ?? [];
  const bytes = words.flatMap((w) => (w.match(/../g) ?? []).reverse().map((b) => Number.parseInt(b, 16)));
  if (bytes.length === 4) return bytes.join(".");
  const groups = Array.from({ length: 8 }, (_, i) =>
    (((bytes[2 * i] ?? 0) << 8) | (bytes[2 * i + 1] ?? 0)).toString(16),
  );
  return groups.join(":").replace(/(^|:)0(:0)+(:|$)/, "::");
}

/** Every TCP socket in LISTEN state (st 0A) of this network namespace. */
function allListeners(): Listener[] {
  const out: Listener[] = [];
  for (const file of ["/proc/net/tcp", "/proc/net/tcp6"]) {
    for (const line of readFileSync(file, "utf8").split("\n").slice(1)) {
      const cols = line.trim().split(/\s+/);
      const [local, state, inode] = [cols[1], cols[3], cols[9]];
      if (!local || state !== "0A" || !inode) continue;
      const [addr = "", port = ""] = local.split(":");
      out.push({ address: decodeAddress(addr), port: Number.parseInt(port, 16), inode });
    }
  }
  return out;
}

function socketInodes(pid: string): Set<string> {
  const inodes = new Set<string>();
  try {
    for (const fd of readdirSync(`/proc/${pid}/fd`)) {
      const link = readlinkSync(`/proc/${pid}/fd/${fd}`, { encoding: "utf8" });
      const m = /^socket:\[(\d+)\]$/.exec(link);
      if (m?.[1]) inodes.add(m[1]);
    }
  } catch {
    // the process ended, or its fds are not ours to read
  }
  return inodes;
}

/**
 * Every listening TCP socket of the process that listens on `port` (all its listeners, not only that one).
 * Throws when nothing listens on the port or its process is not found.
 */
export function listenersOfServerOnPort(port: number): Listener[] {
  const all = allListeners();
  const target = all.find((l) => l.port === port);
  if (!target) throw new Error(`nothing listens on port ${port}`);
  for (const pid of readdirSync("/proc").filter((p) => /^\d+$/.test(p))) {
    const inodes = socketInodes(pid);
    if (inodes.has(target.inode)) return all.filter((l) => inodes.has(l.inode));
  }
  throw new Error(`no process found for the listener on port ${port}`);
}
