import { describe, expect, it } from "vitest";
import {
  addressRefusal,
  type CheckedAddress,
  checkOutboundUrl,
  type OutboundPolicy,
  OutboundRefusedError,
  parseAllowCidrs,
  pinnedLookup,
  type Resolve,
} from "@/lib/net/outbound-guard";

const PUBLIC_ONLY: OutboundPolicy = { allowCidrs: [] };
const noDns: Resolve = async (host) => {
  throw new Error(`no DNS in this test (asked for ${host})`);
};
const dns =
  (table: Record<string, string[]>): Resolve =>
  async (host) => {
    const answer = table[host];
    if (!answer) throw Object.assign(new Error("not found"), { code: "ENOTFOUND" });
    return answer;
  };

async function refusal(url: string, resolve: Resolve = noDns, policy = PUBLIC_ONLY): Promise<string> {
  try {
    await checkOutboundUrl(url, { policy, resolve });
  } catch (err) {
    if (err instanceof OutboundRefusedError) return err.message;
    throw err;
  }
  return "accepted";
}

describe("addressRefusal: every non-public range, by its name", () => {
  const cases: Array<[string, RegExp]> = [
    ["127.0.0.1", /loopback/],
    ["127.255.255.254", /loopback/],
    ["::1", /loopback/],
    ["0.0.0.0", /unspecified/],
    ["0.1.2.3", /unspecified/],
    ["::", /unspecified/],
    ["10.0.0.5", /private/],
    ["172.16.0.1", /private/],
    ["172.31.255.255", /private/],
    ["192.168.1.1", /private/],
    ["169.254.1.1", /link-local/],
    ["fe80::1", /link-local/],
    ["febf::1", /link-local/],
    ["100.64.0.1", /carrier-grade NAT/],
    ["100.127.255.255", /carrier-grade NAT/],
    ["fc00::1", /unique-local/],
    ["fd12:3456::1", /unique-local/],
    ["224.0.0.1", /multicast/],
    ["ff02::1", /multicast/],
    ["255.255.255.255", /broadcast/],
    ["240.0.0.1", /reserved/],
    ["192.0.2.1", /reserved/],
    // cloud metadata, whatever range they sit in
    ["169.254.169.254", /cloud metadata/],
    ["169.254.170.2", /cloud metadata/],
    ["fd00:ec2::254", /cloud metadata/],
    ["100.100.100.200", /cloud metadata/],
    ["168.63.129.16", /cloud metadata/],
    // IPv4 carried in IPv6
    ["::ffff:127.0.0.1", /embedding 127\.0\.0\.1, a loopback/],
    ["::ffff:7f00:1", /embedding 127\.0\.0\.1, a loopback/],
    ["::ffff:a00:5", /embedding 10\.0\.0\.5, a private/],
    ["::127.0.0.1", /embedding 127\.0\.0\.1, a loopback/],
    ["::7f00:1", /embedding 127\.0\.0\.1, a loopback/],
    ["::ffff:0:7f00:1", /embedding 127\.0\.0\.1, a loopback/],
    ["64:ff9b::7f00:1", /embedding 127\.0\.0\.1, a loopback/],
    ["64:ff9b::10.0.0.5", /embedding 10\.0\.0\.5, a private/],
    ["64:ff9b::a9fe:a9fe", /cloud metadata/],
    ["64:ff9b:1::a00:5", /local-use NAT64/],
    ["2002:7f00:1::1", /embedding 127\.0\.0\.1, a loopback/],
    ["2002:c0a8:101::1", /embedding 192\.168\.1\.1, a private/],
    ["2002:a9fe:a9fe::1", /cloud metadata/],
    ["2001:0:4136:e378:8000:63bf:3fff:fdd2", /Teredo/],
    ["2001:db8::1", /reserved/],
    // other spellings ipaddr.js reads (URLs normalise these before they get here)
    ["0177.0.0.1", /loopback/],
    ["0x7f.0.0.1", /loopback/],
    ["2130706433", /loopback/],
    ["[::1]", /loopback/],
    ["not-an-ip", /not an IP address/],
  ];
  it.each(cases)("%s is refused (%s)", (address, reason) => {
    expect(addressRefusal(address, PUBLIC_ONLY)).toMatch(reason);
  });

  it.each([
    "93.184.215.14",
    "8.8.8.8",
    "1.1.1.1",
    "2606:4700::1111",
    "2a00:1450:4001:82b::200e",
    "::ffff:93.184.215.14",
    "64:ff9b::5db8:d70e",
    "2002:5db8:d70e::1",
  ])("%s (public) is accepted", (address) => {
    expect(addressRefusal(address, PUBLIC_ONLY)).toBeNull();
  });

  it("an operator's CIDR lets non-public addresses through, but never metadata, unspecified or multicast", () => {
    const lan: OutboundPolicy = { allowCidrs: parseAllowCidrs("192.168.1.0/24, 127.0.0.1, 169.254.0.0/16, 0.0.0.0/0") };
    expect(addressRefusal("192.168.1.77", lan)).toBeNull();
    expect(addressRefusal("127.0.0.1", lan)).toBeNull();
    expect(addressRefusal("::ffff:127.0.0.1", lan)).toBeNull();
    expect(addressRefusal("10.0.0.5", lan)).toBeNull(); // 0.0.0.0/0 allows every unicast address
    expect(addressRefusal("169.254.169.254", lan)).toMatch(/cloud metadata/);
    expect(addressRefusal("0.0.0.0", lan)).toMatch(/unspecified/);
    expect(addressRefusal("224.0.0.1", lan)).toMatch(/multicast/);
    const loopbackOnly: OutboundPolicy = { allowCidrs: parseAllowCidrs("127.0.0.1/32") };
    expect(addressRefusal("127.0.0.2", loopbackOnly)).toMatch(/loopback/);
    expect(addressRefusal("::1", loopbackOnly)).toMatch(/loopback/);
  });

  it("parseAllowCidrs refuses text that is no CIDR", () => {
    expect(() => parseAllowCidrs("10.0.0.0/33")).toThrow();
    expect(() => parseAllowCidrs("lan")).toThrow();
    expect(parseAllowCidrs("")).toEqual([]);
  });
});

describe("checkOutboundUrl", () => {
  it.each([
    ["http://127.0.0.1/hook", /^is 127\.0\.0\.1, a loopback address$/],
    ["http://2130706433/", /is 127\.0\.0\.1, a loopback/],
    ["http://0177.0.0.1/", /is 127\.0\.0\.1, a loopback/],
    ["http://0x7f.1/", /is 127\.0\.0\.1, a loopback/],
    ["http://0x7f000001/", /is 127\.0\.0\.1, a loopback/],
    ["http://017700000001/", /is 127\.0\.0\.1, a loopback/],
    ["http://127.1/", /is 127\.0\.0\.1, a loopback/],
    ["http://127.0.0.1./", /is 127\.0\.0\.1, a loopback/],
    ["http://127.000.000.001/", /is 127\.0\.0\.1, a loopback/],
    ["http://%31%32%37.0.0.1/", /is 127\.0\.0\.1, a loopback/],
    ["http://１２７.0.0.1/", /is 127\.0\.0\.1, a loopback/],
    ["http://127。0。0。1/", /is 127\.0\.0\.1, a loopback/],
    ["http://0/", /is 0\.0\.0\.0, an unspecified/],
    ["http://[::1]:8080/", /is ::1, a loopback/],
    ["http://[::]/", /unspecified/],
    ["http://[::ffff:127.0.0.1]/", /embedding 127\.0\.0\.1/],
    ["http://[0:0:0:0:0:ffff:7f00:1]/", /embedding 127\.0\.0\.1/],
    ["http://[::127.0.0.1]/", /embedding 127\.0\.0\.1/],
    ["http://[64:ff9b::127.0.0.1]/", /embedding 127\.0\.0\.1/],
    ["http://[2002:7f00:1::]/", /embedding 127\.0\.0\.1/],
    ["https://10.0.0.5/", /is 10\.0\.0\.5, a private address/],
    ["http://169.254.169.254/latest/meta-data/", /cloud metadata/],
    ["http://[fd00:ec2::254]/", /cloud metadata/],
    ["http://100.100.100.200/", /cloud metadata/],
    ["http://100.64.1.1/", /carrier-grade NAT/],
    ["http://[fe80::1]/", /link-local/],
    ["http://[fc00::1]/", /unique-local/],
    ["ftp://93.184.215.14/", /must be http or https, not ftp/],
    ["javascript:alert(1)", /must be http or https, not javascript/],
    ["file:///etc/passwd", /must be http or https/],
    ["http://user:pass@93.184.215.14/", /must not carry credentials/],
    ["http://user@93.184.215.14/", /must not carry credentials/],
    ["not a url", /is not a valid URL/],
  ])("%s is refused", async (url, reason) => {
    expect(await refusal(url)).toMatch(reason);
  });

  it("accepts public literals without asking DNS", async () => {
    const v4 = await checkOutboundUrl("https://93.184.215.14/hook", { policy: PUBLIC_ONLY, resolve: noDns });
    expect(v4.addresses).toEqual([{ address: "93.184.215.14", family: 4 }]);
    const v6 = await checkOutboundUrl("https://[2606:4700::1111]/", { policy: PUBLIC_ONLY, resolve: noDns });
    expect(v6.addresses).toEqual([{ address: "2606:4700::1111", family: 6 }]);
  });

  it("checks every address a name resolves to, so one private answer among public ones refuses it", async () => {
    const resolve = dns({
      "hooks.example.com": ["93.184.215.14", "2606:4700::1111"],
      "mixed.example.com": ["93.184.215.14", "10.0.0.5"],
      "v6.example.com": ["2606:4700::1111", "::1"],
      "metadata.google.internal": ["169.254.169.254"],
      localhost: ["127.0.0.1", "::1"],
      "rebind.example.com": ["::ffff:192.168.0.1"],
    });
    const ok = await checkOutboundUrl("https://hooks.example.com/x", { policy: PUBLIC_ONLY, resolve });
    expect(ok.addresses.map((a) => a.address)).toEqual(["93.184.215.14", "2606:4700::1111"]);
    expect(await refusal("https://mixed.example.com/", resolve)).toBe("resolves to 10.0.0.5, a private address");
    expect(await refusal("https://v6.example.com/", resolve)).toBe("resolves to ::1, a loopback address");
    expect(await refusal("http://metadata.google.internal/computeMetadata/v1/", resolve)).toMatch(
      /resolves to 169\.254\.169\.254, a cloud metadata address/,
    );
    expect(await refusal("http://localhost:3000/", resolve)).toMatch(/resolves to 127\.0\.0\.1, a loopback/);
    expect(await refusal("http://LOCALHOST./", resolve)).toMatch(/does not resolve|loopback/);
    expect(await refusal("http://rebind.example.com/", resolve)).toMatch(/embedding 192\.168\.0\.1, a private/);
  });

  it("a name that does not resolve is 'unresolved', not 'refused'", async () => {
    const err = await checkOutboundUrl("https://nowhere.example/", { policy: PUBLIC_ONLY, resolve: dns({}) }).catch(
      (e: unknown) => e,
    );
    expect(err).toBeInstanceOf(OutboundRefusedError);
    expect((err as OutboundRefusedError).kind).toBe("unresolved");
    expect((err as Error).message).toMatch(/nowhere\.example does not resolve \(ENOTFOUND\)/);
    const empty = await checkOutboundUrl("https://empty.example/", {
      policy: PUBLIC_ONLY,
      resolve: dns({ "empty.example": [] }),
    }).catch((e: unknown) => e);
    expect((empty as OutboundRefusedError).kind).toBe("unresolved");
  });

  it("the operator's allow-list admits its own loopback receiver and nothing else", async () => {
    const policy = { allowCidrs: parseAllowCidrs("127.0.0.1/32") };
    expect(await refusal("http://127.0.0.1:4000/hook", noDns, policy)).toBe("accepted");
    expect(await refusal("http://127.0.0.2:4000/hook", noDns, policy)).toMatch(/loopback/);
    expect(await refusal("http://10.0.0.5/", noDns, policy)).toMatch(/private/);
  });
});

describe("pinnedLookup (the connection goes to the checked address, DNS is not asked again)", () => {
  const checked: CheckedAddress[] = [
    { address: "93.184.215.14", family: 4 },
    { address: "2606:4700::1111", family: 6 },
  ];
  const call = (options: object) =>
    new Promise<{ err: Error | null; address: unknown; family?: number }>((resolve) => {
      pinnedLookup(checked)(
        "rebind.example.com",
        options as never,
        ((err: Error | null, address: unknown, family?: number) => resolve({ err, address, family })) as never,
      );
    });

  it("answers with the checked addresses whatever the hostname now resolves to", async () => {
    expect(await call({})).toEqual({ err: null, address: "93.184.215.14", family: 4 });
    expect(await call({ family: 6 })).toEqual({ err: null, address: "2606:4700::1111", family: 6 });
    expect(await call({ family: "IPv6" })).toEqual({ err: null, address: "2606:4700::1111", family: 6 });
    expect((await call({ all: true })).address).toEqual(checked);
  });

  it("a family with no checked address is ENOTFOUND, never a fresh lookup", async () => {
    const onlyV4 = await new Promise<Error | null>((resolve) => {
      pinnedLookup([{ address: "93.184.215.14", family: 4 }])(
        "x",
        { family: 6 } as never,
        ((err: Error | null) => resolve(err)) as never,
      );
    });
    expect((onlyV4 as Error & { code: string }).code).toBe("ENOTFOUND");
  });

  it("a rebinding resolver (public, then 127.0.0.1) is asked once; the lookup keeps the public answer", async () => {
    const answers = [["93.184.215.14"], ["127.0.0.1"]];
    let calls = 0;
    const resolve: Resolve = async () => answers[calls++] ?? [];
    const target = await checkOutboundUrl("https://rebind.example.com/hook", { policy: PUBLIC_ONLY, resolve });
    const lookup = pinnedLookup(target.addresses);
    const got = await new Promise<unknown>((done) => {
      lookup("rebind.example.com", {}, ((_e: unknown, address: unknown) => done(address)) as never);
    });
    expect(got).toBe("93.184.215.14");
    expect(calls).toBe(1);
    // Asked again (a later send), the resolver's new answer is checked and refused.
    expect(await refusal("https://rebind.example.com/hook", resolve)).toMatch(/127\.0\.0\.1, a loopback/);
  });
});
