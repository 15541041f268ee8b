import { subscribe } from "node:diagnostics_channel";
import type { IncomingMessage } from "node:http";
import { BlockList, isIP, type Socket } from "node:net";
import { getEnv } from "@/lib/env";
import { logger } from "@/lib/log";

// Which address a request came from, for the sign-in rate limit.
//
// Next.js gives route handlers no socket: its server only fills in `X-Forwarded-For` with the TCP peer when the
// client sent none (next/dist/server/base-server.js: `req.headers['x-forwarded-for'] ??= socket.remoteAddress`),
// so a client choosing its own X-Forwarded-For hides its real address. Node's http server publishes every request,
// with its socket, on the diagnostics channel "http.server.request.start" before any listener (Next) sees it
// (https://nodejs.org/api/diagnostics_channel.html#http): instrumentation.ts subscribes at start-up, and the
// subscriber overwrites CLIENT_ADDRESS_HEADER with the socket's address on every request, so a client cannot set it.

const log = logger("api:client-address");

export const CLIENT_ADDRESS_HEADER = "x-cadence-client-address";

const STAMPED = Symbol.for("cadence.clientAddressStamp");
const globalFlag = globalThis as unknown as Record<symbol, boolean | undefined>;

/** "::ffff:127.0.0.1" (an IPv4 peer on a dual-stack socket) → "127.0.0.1". */
function plainAddress(address: string): string {
  return address.startsWith("::ffff:") && isIP(address.slice(7)) === 4 ? address.slice(7) : address;
}

/** Subscribes once per process (instrumentation.ts). Every later request carries its TCP peer's address. */
export function installClientAddressStamp(): void {
  if (globalFlag[STAMPED]) return;
  subscribe("http.server.request.start", (message) => {
    const { request, socket } = message as { request: IncomingMessage; socket: Socket };
    request.headers[CLIENT_ADDRESS_HEADER] = plainAddress(socket.remoteAddress ?? "unknown");
  });
  globalFlag[STAMPED] = true;
}

/**
 * TRUSTED_PROXIES ("127.0.0.1, 10.0.0.0/8, ::1") as a BlockList.
 * @throws Error naming the entry that is not an IP address or CIDR range.
 */
export function parseTrustedProxies(spec: string): BlockList {
  const list = new BlockList();
  for (const entry of spec
    .split(",")
    .map((e) => e.trim())
    .filter(Boolean)) {
    const [address = "", prefix] = entry.split("/");
    const family = isIP(address);
    if (family === 0) throw new Error(`TRUSTED_PROXIES: "${entry}" is not an IP address or CIDR range`);
    const type = family === 4 ? "ipv4" : "ipv6";
    if (prefix === undefined) {
      list.addAddress(address, type);
      continue;
    }
    const bits = Number(prefix);
    if (!Number.isInteger(bits) || bits < 0 || bits > (family === 4 ? 32 : 128)) {
      throw new Error(`TRUSTED_PROXIES: "${entry}" has a bad prefix length`);
    }
    list.addSubnet(address, bits, type);
  }
  return list;
}

function isTrusted(list: BlockList, address: string): boolean {
  const family = isIP(address);
  return family !== 0 && list.check(address, family === 4 ? "ipv4" : "ipv6");
}

let trustedCache: { spec: string; list: BlockList } | undefined;
let warnedUnstamped = false;

/**
 * The client's address: the TCP peer; when that peer is one of TRUSTED_PROXIES, X-Forwarded-For is read from the
 * right, skipping trusted hops, and the first untrusted hop is the client (each proxy appends the address it saw,
 * so only hops our own proxies added are believed). "unknown" if the request did not come through a server with
 * the stamp installed (then every such request shares one counter).
 */
export function clientAddress(req: Request, trustedProxies: string = getEnv().TRUSTED_PROXIES): string {
  const peer = globalFlag[STAMPED] ? req.headers.get(CLIENT_ADDRESS_HEADER) : null;
  if (!peer) {
    if (!warnedUnstamped) {
      warnedUnstamped = true;
      log.warn("client address unknown: instrumentation.ts did not install the socket-address stamp");
    }
    return "unknown";
  }
  const spec = trustedProxies;
  if (!spec.trim()) return peer;
  if (trustedCache?.spec !== spec) trustedCache = { spec, list: parseTrustedProxies(spec) };
  const trusted = trustedCache.list;
  if (!isTrusted(trusted, peer)) return peer;
  const hops = (req.headers.get("x-forwarded-for") ?? "")
    .split(",")
    .map((h) => plainAddress(h.trim()))
    .filter(Boolean);
  for (let i = hops.length - 1; i >= 0; i--) {
    const hop = hops[i] as string;
    if (!isTrusted(trusted, hop)) return hop;
  }
  return hops[0] ?? peer;
}
