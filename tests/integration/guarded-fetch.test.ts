import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createGuardedFetch } from "@/lib/net/create-guarded-fetch";
import { OutboundRefusedError, parseAllowCidrs } from "@/lib/net/outbound-guard";

// The WHATWG fetch that @atproto/api and link cards use (lib/net/create-guarded-fetch.ts), against a real server on
// 127.0.0.1: what it sends and answers, and what the outbound guard refuses before anything is sent.

let server: Server;
let base: string;
const received: { method: string; url: string; headers: Record<string, unknown>; body: Buffer }[] = [];

beforeAll(async () => {
  server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on("data", (c: Buffer) => chunks.push(c));
    req.on("end", () => {
      received.push({
        method: req.method ?? "",
        url: req.url ?? "",
        headers: req.headers,
        body: Buffer.concat(chunks),
      });
      if (req.url === "/moved") {
        res.writeHead(302, { location: "http://169.254.169.254/latest/meta-data" }).end();
        return;
      }
      res.writeHead(201, { "content-type": "application/octet-stream", "x-answer": "yes" });
      res.end(Buffer.concat([Buffer.from([0, 255]), Buffer.concat(chunks)]));
    });
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});
afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));

const allowLoopback = () => ({ allowCidrs: parseAllowCidrs("127.0.0.1/32") });

describe("createGuardedFetch", () => {
  it("sends method, headers and a binary body; answers with status, headers and the body", async () => {
    const fetch = createGuardedFetch({ policy: allowLoopback });
    const body = new Uint8Array([1, 2, 3, 250]);
    const res = await fetch(`${base}/xrpc/x?a=1`, { method: "POST", headers: { authorization: "Bearer t" }, body });
    expect(res.status).toBe(201);
    expect(res.headers.get("x-answer")).toBe("yes");
    expect([...new Uint8Array(await res.arrayBuffer())]).toEqual([0, 255, 1, 2, 3, 250]);
    const last = received.at(-1);
    expect(last).toMatchObject({ method: "POST", url: "/xrpc/x?a=1", headers: { authorization: "Bearer t" } });
    expect([...(last?.body ?? [])]).toEqual([1, 2, 3, 250]);
  });

  it("does not follow a redirect (to a metadata address here): the 302 comes back as it is", async () => {
    const fetch = createGuardedFetch({ policy: allowLoopback });
    const res = await fetch(`${base}/moved`);
    expect(res.status).toBe(302);
    expect(res.headers.get("location")).toContain("169.254.169.254");
  });

  it("refuses what the policy does not allow, before sending", async () => {
    const before = received.length;
    const closed = createGuardedFetch({ policy: () => ({ allowCidrs: [] }) });
    await expect(closed(`${base}/x`)).rejects.toThrow(OutboundRefusedError);
    await expect(closed(`${base}/x`)).rejects.toThrow("127.0.0.1, a loopback address");
    const open = createGuardedFetch({ policy: () => ({ allowCidrs: parseAllowCidrs("169.254.0.0/16") }) });
    await expect(open("http://169.254.169.254/latest")).rejects.toThrow("a cloud metadata address");
    await expect(createGuardedFetch({ policy: allowLoopback })("ftp://127.0.0.1/x")).rejects.toThrow(
      "must be http or https",
    );
    expect(received.length).toBe(before);
  });
});
