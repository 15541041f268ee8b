import { createServer } from "node:http";
import type { AddressInfo } from "node:net";
import { describe, expect, it } from "vitest";
import {
  CLIENT_ADDRESS_HEADER,
  clientAddress,
  installClientAddressStamp,
  parseTrustedProxies,
} from "@/lib/api/client-address";

installClientAddressStamp();

const request = (peer: string, xff?: string) =>
  new Request("http://localhost/api/auth/sign-in", {
    headers: { [CLIENT_ADDRESS_HEADER]: peer, ...(xff ? { "x-forwarded-for": xff } : {}) },
  });

describe("clientAddress", () => {
  it("is the socket's address; X-Forwarded-For is ignored when no proxy is trusted", () => {
    expect(clientAddress(request("192.0.2.7", "203.0.113.1"), "")).toBe("192.0.2.7");
  });

  it("ignores X-Forwarded-For from a peer that is not a trusted proxy", () => {
    expect(clientAddress(request("192.0.2.7", "203.0.113.1"), "10.0.0.0/8")).toBe("192.0.2.7");
  });

  it("behind trusted proxies takes the rightmost hop they did not add (a client's own prefix is not believed)", () => {
    const trusted = "127.0.0.1, 10.0.0.0/8";
    expect(clientAddress(request("127.0.0.1", "203.0.113.1"), trusted)).toBe("203.0.113.1");
    // The client sent "X-Forwarded-For: 6.6.6.6"; the proxy appended what it saw.
    expect(clientAddress(request("127.0.0.1", "6.6.6.6, 203.0.113.1, 10.1.2.3"), trusted)).toBe("203.0.113.1");
    // Only trusted hops: the leftmost; none at all: the proxy itself.
    expect(clientAddress(request("10.0.0.5", "10.0.0.9, 10.0.0.8"), trusted)).toBe("10.0.0.9");
    expect(clientAddress(request("10.0.0.5"), trusted)).toBe("10.0.0.5");
    expect(clientAddress(request("::1", "2001:db8::5"), "::1")).toBe("2001:db8::5");
  });

  it("refuses a TRUSTED_PROXIES entry that is not an address or CIDR range", () => {
    expect(() => parseTrustedProxies("10.0.0.0/33")).toThrow(/bad prefix/);
    expect(() => parseTrustedProxies("proxy.local")).toThrow(/not an IP address/);
    expect(parseTrustedProxies("192.168.0.0/16").check("192.168.4.4", "ipv4")).toBe(true);
  });

  it("the stamp overwrites a client-sent header with the real TCP peer on a real Node http server", async () => {
    const server = createServer((req, res) => res.end(String(req.headers[CLIENT_ADDRESS_HEADER])));
    await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
    try {
      const { port } = server.address() as AddressInfo;
      const res = await fetch(`http://127.0.0.1:${port}/`, {
        headers: { [CLIENT_ADDRESS_HEADER]: "6.6.6.6", "x-forwarded-for": "6.6.6.6" },
      });
      expect(await res.text()).toBe("127.0.0.1");
    } finally {
      await new Promise((resolve) => server.close(resolve));
    }
  });
});
