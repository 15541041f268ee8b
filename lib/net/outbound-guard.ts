import { lookup as dnsLookup } from "node:dns/promises";
import { isIP, type LookupFunction } from "node:net";
import ipaddr from "ipaddr.js";

// The one gate for requests Cadence sends to addresses users chose (webhooks now; link cards, Mastodon instances
// later): only http(s) URLs without credentials, whose every DNS answer is a public unicast address. Ranges come
// from ipaddr.js (IANA special-purpose registries, RFC 6890); what this file adds is unwrapping IPv4 carried inside
// IPv6 (RFC 4291 §2.5.5 mapped/compatible, RFC 6052 NAT64, RFC 3056 6to4, RFC 6145) and the cloud metadata list.

type Ip = ipaddr.IPv4 | ipaddr.IPv6;
type Cidr = [Ip, number];

/** What the operator allows beyond public addresses: CIDRs (OUTBOUND_ALLOW_CIDRS), e.g. a LAN or the tests' 127.0.0.1. */
export interface OutboundPolicy {
  allowCidrs: Cidr[];
}

/** Every address a hostname resolves to (A and AAAA), as text. Injected in tests. */
export type Resolve = (hostname: string) => Promise<string[]>;

export interface CheckedAddress {
  address: string;
  family: 4 | 6;
}

export interface CheckedTarget {
  url: URL;
  /** The addresses that passed the check; the request must connect to one of these and nothing else. */
  addresses: CheckedAddress[];
}

/**
 * A URL Cadence will not send to. `refused`: the rule forbids it (message names the address and its range);
 * `unresolved`: its host has no address right now (may be temporary).
 */
export class OutboundRefusedError extends Error {
  readonly kind: "refused" | "unresolved";
  constructor(kind: "refused" | "unresolved", message: string) {
    super(message);
    this.name = "OutboundRefusedError";
    this.kind = kind;
  }
}

/**
 * Instance metadata services, refused even inside an allowed CIDR: AWS/GCP/Azure/OpenStack 169.254.169.254
 * (GCP's metadata.google.internal resolves there), AWS ECS task metadata 169.254.170.2, AWS IMDS over IPv6
 * fd00:ec2::254, Alibaba Cloud 100.100.100.200, Azure WireServer 168.63.129.16 (a public address). Sources:
 * https://docs.aws.amazon.com/AWSEC2/latest/UserGuide/instancedata-data-retrieval.html,
 * https://docs.aws.amazon.com/AmazonECS/latest/developerguide/task-metadata-endpoint-v2.html,
 * https://cloud.google.com/compute/docs/metadata/querying-metadata,
 * https://learn.microsoft.com/azure/virtual-network/what-is-ip-address-168-63-129-16,
 * https://www.alibabacloud.com/help/en/ecs/user-guide/view-instance-metadata.
 */
const METADATA_ADDRESSES = [
  "169.254.169.254",
  "169.254.170.2",
  "fd00:ec2::254",
  "100.100.100.200",
  "168.63.129.16",
].map((a) => ipaddr.parse(a).toNormalizedString());

const RANGE_TEXT: Record<string, string> = {
  loopback: "a loopback address",
  unspecified: "an unspecified address",
  private: "a private address",
  linkLocal: "a link-local address",
  carrierGradeNat: "a carrier-grade NAT (shared) address",
  uniqueLocal: "a unique-local address",
  multicast: "a multicast address",
  broadcast: "a broadcast address",
  reserved: "a reserved address",
  benchmarking: "a benchmarking address",
  teredo: "a Teredo tunnel address",
  rfc6052: "a local-use NAT64 address",
  deprecatedSiteLocal: "a site-local address",
};
/** Never a target, whatever the operator allows. */
const NEVER = new Set(["unspecified", "multicast", "broadcast"]);

/** Parses `OUTBOUND_ALLOW_CIDRS`: comma-separated CIDRs or bare addresses (a bare address is /32 or /128). */
export function parseAllowCidrs(text: string | undefined): Cidr[] {
  return (text ?? "")
    .split(",")
    .map((s) => s.trim())
    .filter(Boolean)
    .map((s) => {
      if (s.includes("/")) return ipaddr.parseCIDR(s);
      const ip = ipaddr.parse(s);
      return [ip, ip.kind() === "ipv4" ? 32 : 128] as Cidr;
    });
}

const v4FromParts = (hi: number, lo: number) => new ipaddr.IPv4([hi >> 8, hi & 0xff, lo >> 8, lo & 0xff]);

/** The IPv4 address an IPv6 address carries (mapped, compatible, SIIT, NAT64 well-known prefix, 6to4), if any. */
function embeddedIPv4(ip: ipaddr.IPv6): ipaddr.IPv4 | null {
  const p = (i: number) => ip.parts[i] ?? 0;
  const zeros = (from: number, to: number) => ip.parts.slice(from, to).every((x) => x === 0);
  const low32 = () => v4FromParts(p(6), p(7));
  if (ip.isIPv4MappedAddress()) return ip.toIPv4Address(); // ::ffff:a.b.c.d
  if (zeros(0, 4) && p(4) === 0xffff && p(5) === 0) return low32(); // ::ffff:0:a.b.c.d (SIIT)
  if (zeros(0, 6) && (p(6) !== 0 || p(7) > 1)) return low32(); // ::a.b.c.d (IPv4-compatible, deprecated)
  if (p(0) === 0x64 && p(1) === 0xff9b && zeros(2, 6)) return low32(); // 64:ff9b::a.b.c.d (NAT64)
  if (p(0) === 0x2002) return v4FromParts(p(1), p(2)); // 2002:aabb:ccdd::/48 (6to4)
  return null;
}

const inCidr = (ip: Ip, [net, bits]: Cidr) => ip.kind() === net.kind() && ip.match(net, bits);

function rangeRefusal(ip: Ip): string | null {
  const range = ip.range();
  return range === "unicast" ? null : (RANGE_TEXT[range] ?? `a special-purpose address (${range})`);
}

/**
 * Why Cadence refuses to connect to `address` (e.g. "a private address"), or null when it may. Accepts any
 * spelling ipaddr.js parses (dotted, octal, hex, IPv6 with embedded IPv4). Public unicast passes; metadata
 * addresses never do; other non-public addresses pass only inside `policy.allowCidrs` (not unspecified,
 * multicast or broadcast). Unparseable input is refused.
 */
export function addressRefusal(address: string, policy: OutboundPolicy): string | null {
  let ip: Ip;
  try {
    ip = ipaddr.parse(address.replace(/^\[|\]$/g, ""));
  } catch {
    return "not an IP address";
  }
  const embedded = ip.kind() === "ipv6" ? embeddedIPv4(ip as ipaddr.IPv6) : null;
  const candidates: Ip[] = embedded ? [ip, embedded] : [ip];
  if (candidates.some((c) => METADATA_ADDRESSES.includes(c.toNormalizedString()))) {
    return "a cloud metadata address";
  }
  const own = embedded ? rangeRefusal(embedded) : null;
  const outer = embedded ? null : rangeRefusal(ip);
  const reason = own ? `an IPv6 address embedding ${embedded?.toString()}, ${own}` : outer;
  if (!reason) return null;
  const range = (embedded ?? ip).range();
  if (!NEVER.has(range) && candidates.some((c) => policy.allowCidrs.some((cidr) => inCidr(c, cidr)))) return null;
  return reason;
}

/** getaddrinfo, as the OS resolves (hosts file included), every A and AAAA answer. */
export const systemResolve: Resolve = async (hostname) =>
  (await dnsLookup(hostname, { all: true, verbatim: true })).map((a) => a.address);

/**
 * Checks a URL before Cadence sends anything to it: http or https only, no `user:password@`, and every address
 * its host resolves to (or the literal address, in whatever spelling the URL used; WHATWG URL parsing turns
 * 2130706433, 0177.0.0.1, 0x7f.1 and 127.1 into 127.0.0.1) passes `addressRefusal`.
 * Returns the parsed URL and the checked addresses; the caller connects only to those (`pinnedLookup`), so a DNS
 * answer that changes between check and connect (rebinding) cannot redirect the request.
 * Throws OutboundRefusedError: kind "refused" with a message like "resolves to 10.0.0.5, a private address",
 * or "unresolved" when DNS gives no address.
 */
export async function checkOutboundUrl(
  raw: string,
  { policy, resolve = systemResolve }: { policy: OutboundPolicy; resolve?: Resolve },
): Promise<CheckedTarget> {
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    throw new OutboundRefusedError("refused", "is not a valid URL");
  }
  if (url.protocol !== "http:" && url.protocol !== "https:") {
    throw new OutboundRefusedError("refused", `must be http or https, not ${url.protocol.replace(/:$/, "")}`);
  }
  if (url.username || url.password) {
    throw new OutboundRefusedError("refused", "must not carry credentials (user:password@); use the channel secret");
  }
  const host = url.hostname.replace(/^\[|\]$/g, "");
  let answers: string[];
  if (isIP(host)) answers = [host];
  else {
    try {
      answers = await resolve(host);
    } catch (err) {
      const code = (err as { code?: string }).code ?? (err as Error).message;
      throw new OutboundRefusedError("unresolved", `host ${host} does not resolve (${code})`);
    }
    if (answers.length === 0) throw new OutboundRefusedError("unresolved", `host ${host} does not resolve`);
  }
  const verb = isIP(host) ? "is" : "resolves to";
  for (const address of answers) {
    const reason = addressRefusal(address, policy);
    if (reason) throw new OutboundRefusedError("refused", `${verb} ${address}, ${reason}`);
  }
  return { url, addresses: answers.map((address) => ({ address, family: isIP(address) === 6 ? 6 : 4 })) };
}

/**
 * A `lookup` for node:http(s)/net that answers every hostname with the already-checked addresses and never
 * asks DNS again. Honours `family` (4/6) and `all` (Happy Eyeballs asks for all).
 */
export function pinnedLookup(addresses: CheckedAddress[]): LookupFunction {
  return (_hostname, options, callback) => {
    const raw = typeof options === "object" ? options.family : options;
    const family = raw === "IPv4" ? 4 : raw === "IPv6" ? 6 : raw;
    const wanted = family === 4 || family === 6 ? addresses.filter((a) => a.family === family) : addresses;
    if (wanted.length === 0) {
      const err = Object.assign(new Error("no checked address of the requested family"), { code: "ENOTFOUND" });
      callback(err, "", 0);
      return;
    }
    if (typeof options === "object" && options.all) {
      (callback as unknown as (e: null, a: CheckedAddress[]) => void)(null, wanted);
      return;
    }
    const [first] = wanted as [CheckedAddress];
    callback(null, first.address, first.family);
  };
}
